/**
 * The guides' code, kept honest. In docs/*.md:
 *  - `<!-- snippet: examples/docs/NAME.ts -->` is followed by that file's code, exactly, as a user writes it
 *    (its imports of ../../src/… shown as "zmtp", "zmtp/v5-compat", "zmtp/draft"); where "Prints:" follows,
 *    the block after it is exactly what the program prints, and the test runs each program to check;
 *  - every program in examples/docs/ is shown by some guide;
 *  - every other ```ts block type-checks (strict, against the sources; "zeromq" is zeromq.js, for the
 *    "before" side of the migration guide), unless it is marked ```ts fragment (a piece of a program).
 * After changing a program, paste it (and what it prints) into its guide.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DOCS = path.join(ROOT, "docs");
const SNIPPETS = path.join(ROOT, "examples", "docs");
const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");

/** How a guide shows a program's imports: as the package's entries. */
const USER_IMPORTS: [string, string][] = [
  ['"../../src/index.js"', '"zmtp"'],
  ['"../../src/v5-compat/index.js"', '"zmtp/v5-compat"'],
  ['"../../src/draft.js"', '"zmtp/draft"'],
];
const asUserWrites = (code: string): string => USER_IMPORTS.reduce((text, [from, to]) => text.replaceAll(from, to), code);

interface Block {
  info: string;
  code: string;
  line: number;
}
interface Snippet {
  guide: string;
  file: string;
  shown: Block | undefined;
  prints: Block | undefined;
}

/** The fenced blocks of a markdown text, in order, with the line each starts on. */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ info: open[1]!.trim(), code: body.join("\n"), line: start + 1 });
  }
  return blocks;
}

function guides(): { name: string; text: string }[] {
  return fs
    .readdirSync(DOCS)
    .filter((name) => name.endsWith(".md"))
    .map((name) => ({ name, text: fs.readFileSync(path.join(DOCS, name), "utf8") }));
}

/** Each snippet marker, with the block after it and the "Prints:" block, if any. */
function snippets(): Snippet[] {
  const found: Snippet[] = [];
  for (const { name, text } of guides()) {
    const lines = text.split("\n");
    const blocks = blocksOf(text);
    lines.forEach((line, index) => {
      const marker = /^<!-- snippet: (\S+) -->$/.exec(line);
      if (marker === null) return;
      const shownIndex = blocks.findIndex((block) => block.line === index + 2);
      const shown = blocks[shownIndex];
      let prints: Block | undefined;
      if (shown !== undefined) {
        const after = lines.slice(shown.line + shown.code.split("\n").length + 1).find((l) => l.trim() !== "");
        if (after?.trim() === "Prints:") prints = blocks[shownIndex + 1];
      }
      found.push({ guide: name, file: marker[1]!, shown, prints });
    });
  }
  return found;
}

/** The ```ts blocks that are whole programs (not snippets, which run, nor fragments). */
function programBlocks(): { id: string; code: string }[] {
  const shownLines = new Set(snippets().map((s) => `${s.guide}:${s.shown?.line}`));
  const programs: { id: string; code: string }[] = [];
  for (const { name, text } of guides()) {
    for (const block of blocksOf(text)) {
      if (block.info !== "ts" || shownLines.has(`${name}:${block.line}`)) continue;
      programs.push({ id: `${name.replace(/\.md$/, "")}-line-${block.line}`, code: block.code });
    }
  }
  return programs;
}

describe("the guides' snippets", () => {
  const all = snippets();

  it("every program in examples/docs/ is shown by a guide, and every snippet marker names one", () => {
    const programs = fs.readdirSync(SNIPPETS).filter((name) => name.endsWith(".ts")).map((name) => `examples/docs/${name}`);
    expect(new Set(all.map((s) => s.file))).toEqual(new Set(programs));
  });

  it.each(all.map((s) => [`${s.guide} shows ${s.file}`, s] as const))("%s exactly as the file has it", (_name, snippet) => {
    expect(snippet.shown?.info, "a ```ts block right after the marker").toBe("ts");
    expect(snippet.shown!.code).toBe(asUserWrites(fs.readFileSync(path.join(ROOT, snippet.file), "utf8")).trimEnd());
  });

  it.each(all.filter((s) => s.prints !== undefined).map((s) => [s.file, s] as const))(
    "%s runs and prints what its guide says",
    async (_name, snippet) => {
      const { stdout } = await run(tsx, [snippet.file], { cwd: ROOT, timeout: 45_000, env: { ...process.env, ZMTP_DEBUG: "" } });
      expect(stdout.trimEnd()).toBe(snippet.prints!.code);
    },
    60_000,
  );

  it("every other ```ts block of the guides type-checks (strict), against the sources and zeromq.js", () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const options: ts.CompilerOptions = {
      ...config.options,
      noEmit: true,
      paths: {
        zmtp: [path.join(ROOT, "src", "index.ts")],
        "zmtp/v5-compat": [path.join(ROOT, "src", "v5-compat", "index.ts")],
        "zmtp/draft": [path.join(ROOT, "src", "draft.ts")],
      },
    };
    // Each block a module of its own (a file in docs/, so "zeromq" resolves from the project's node_modules).
    const virtual = new Map(programBlocks().map(({ id, code }) => [path.join(DOCS, `${id}.snippet.ts`), `${code}\nexport {};\n`]));
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.fileExists = (file) => virtual.has(file) || fileExists(file);
    host.readFile = (file) => virtual.get(file) ?? readFile(file);
    host.getSourceFile = (file, language, ...rest) => {
      const code = virtual.get(file);
      return code === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, code, language, true);
    };
    const program = ts.createProgram([...virtual.keys()], options, host);
    const problems = [...virtual.keys()].flatMap((file) => {
      const source = program.getSourceFile(file)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
        (d) => `${path.basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    });
    expect(virtual.size).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 60_000);
});
