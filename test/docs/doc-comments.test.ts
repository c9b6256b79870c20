/**
 * Every public export has a doc comment, so that the API reference (`npm run docs`, typedoc) leaves nothing
 * blank: walked with the TypeScript compiler over each package entry (the `entry` map of tsup.config.ts, so a
 * new entry is checked without touching this test), every exported name, every public member of an exported
 * class (inherited ones included), every property of an exported interface or object type, and:
 *  - every socket or context option (a `declare`d property of a class in src/sockets/) says its default
 *    (`@defaultValue`, or in words), the libzmq option it mirrors (`ZMQ_…`, or "zmtp's addition") and, for a
 *    number, its unit;
 *  - every member of an exported union of string literals named `…Type` or `…Code` (event types, error
 *    codes, socket types) is named, in backticks, in that type's doc comment (or another such type's).
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SRC = path.join(ROOT, "src") + path.sep;

/** The package's entries, as tsup builds them (`entry: { name: "src/….ts", … }`). */
function entryFiles(): string[] {
  const config = fs.readFileSync(path.join(ROOT, "tsup.config.ts"), "utf8");
  const entry = /entry:\s*\{([^}]*)\}/.exec(config)?.[1] ?? "";
  const files = [...entry.matchAll(/"(src\/[^"]+\.ts)"/g)].map((match) => path.join(ROOT, match[1]!));
  return files.filter((file) => fs.existsSync(file));
}

/** A number option's unit: a time, a size, a count of something, or the -1 / 0 / 1 of a tri-state switch. */
const UNIT = /\b(ms|milliseconds?|seconds?|deciseconds?|bytes?|octets?|kbit\/s|messages?|connections?|prefixes|subscriptions?|groups?|frames?|sockets?|threads?|hops|probes|priority|policy)\b|-1 .*\b0\b.*\b1\b/i;
/** The libzmq option an option mirrors, or the words saying libzmq has none. */
const MIRRORS = /\bZMQ_[A-Z0-9_]+\b|zmtp's addition/;
/** Its default: a `@defaultValue` tag (typedoc shows it apart), or the word in the text. */
const DEFAULT = /@defaultValue|\bdefault\b/i;
/** Unions whose members each need describing: event types, error codes, socket types (not key sets such as v5's OptionName). */
const DESCRIBED_UNIONS = /(Type|Code)$/;
/**
 * Variables whose properties are not each documented: v5-compat's \`options\` map (its keys are v5's option
 * names, each documented as the v5 Socket property of that name).
 */
const NO_MEMBER_DOCS = new Set(["options"]);

let program: ts.Program;
let checker: ts.TypeChecker;
const missing: string[] = [];
const options: string[] = [];
const literals: string[] = [];

const inSrc = (node: ts.Node): boolean => path.normalize(node.getSourceFile().fileName).startsWith(SRC);
const declaredInSrc = (symbol: ts.Symbol): boolean => (symbol.declarations ?? []).some(inSrc);

function docOf(symbol: ts.Symbol): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const tags = symbol.getJsDocTags(checker).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`);
  return [text, ...tags].join("\n").trim();
}

function isPublic(symbol: ts.Symbol): boolean {
  if (symbol.name.startsWith("#") || symbol.name.startsWith("__#")) return false;
  return (symbol.declarations ?? []).every((declaration) => {
    const flags = ts.getCombinedModifierFlags(declaration);
    return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
  });
}

/** A socket or context option: a `declare`d property of a class in src/sockets/ (the accessors socket-options.ts defines). */
function isOption(member: ts.Symbol): boolean {
  return (member.declarations ?? []).some(
    (declaration) =>
      ts.isPropertyDeclaration(declaration) &&
      path.normalize(declaration.getSourceFile().fileName).startsWith(path.join(SRC, "sockets") + path.sep) &&
      ts.isClassDeclaration(declaration.parent) &&
      (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Ambient) !== 0,
  );
}

function checkOption(owner: string, member: ts.Symbol): void {
  const doc = docOf(member);
  const where = `${owner}.${member.name}`;
  if (!DEFAULT.test(doc)) options.push(`${where}: says no default (@defaultValue)`);
  if (!MIRRORS.test(doc)) options.push(`${where}: names no ZMQ_ option (nor "zmtp's addition")`);
  const type = checker.getTypeOfSymbol(member);
  if (type.flags & ts.TypeFlags.NumberLike && !UNIT.test(doc)) options.push(`${where}: a number with no unit`);
}

/** Members of a class or interface type, or properties of an object type, declared in src/. */
function checkMembers(owner: string, type: ts.Type, seen: Set<ts.Node>): void {
  for (const member of checker.getPropertiesOfType(type)) {
    // Reported once however many classes inherit it (each class's type has a symbol of its own for it).
    const declaration = member.declarations?.[0];
    if (declaration === undefined || !inSrc(declaration) || !isPublic(member) || member.name === "prototype" || seen.has(declaration)) continue;
    seen.add(declaration);
    if (docOf(member) === "") missing.push(`${owner}.${member.name}`);
    else if (isOption(member)) checkOption(owner, member);
  }
}

/** Each member of a union of string literals appears, in backticks, in the doc of an alias that holds it. */
function checkLiterals(aliases: Map<string, ts.Symbol>): void {
  const docs = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const [name, symbol] of aliases) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (!DESCRIBED_UNIONS.test(name) || !type.isUnion() || !type.types.every((t) => t.isStringLiteral())) continue;
    docs.set(name, docOf(symbol));
    members.set(name, type.types.map((t) => (t).value));
  }
  for (const [name, values] of members) {
    for (const value of values) {
      const named = [...members].some(([other, otherValues]) => otherValues.includes(value) && docs.get(other)!.includes(`\`${value}\``));
      if (!named) literals.push(`${name}: \`${value}\` is not described`);
    }
  }
}

describe("doc comments: every public export of every entry is documented", () => {
  beforeAll(() => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    program = ts.createProgram(entryFiles(), { ...config.options, noEmit: true });
    checker = program.getTypeChecker();
    const seen = new Set<ts.Node>();
    const aliases = new Map<string, ts.Symbol>();
    for (const file of entryFiles()) {
      const entry = path.relative(ROOT, file);
      const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        if (!declaredInSrc(symbol)) continue;
        const name = exported.name;
        const declaration = symbol.declarations![0]!;
        if (!seen.has(declaration)) {
          seen.add(declaration);
          if (docOf(symbol) === "") missing.push(`${entry}: ${name}`);
        }
        if (symbol.flags & ts.SymbolFlags.Class) {
          checkMembers(name, checker.getDeclaredTypeOfSymbol(symbol), seen);
          checkMembers(name, checker.getTypeOfSymbol(symbol), seen); // statics
        } else if (symbol.flags & ts.SymbolFlags.Interface) {
          checkMembers(name, checker.getDeclaredTypeOfSymbol(symbol), seen);
        } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
          aliases.set(name, symbol);
          const type = checker.getDeclaredTypeOfSymbol(symbol);
          if (type.flags & ts.TypeFlags.Object) checkMembers(name, type, seen);
        } else if (symbol.flags & ts.SymbolFlags.Variable) {
          const type = checker.getTypeOfSymbol(symbol);
          if (type.flags & ts.TypeFlags.Object && !NO_MEMBER_DOCS.has(name)) checkMembers(name, type, seen);
        }
      }
    }
    checkLiterals(aliases);
  }, 30_000);

  it("the entries are found (tsup.config.ts's entry map)", () => {
    expect(entryFiles().map((file) => path.relative(ROOT, file))).toEqual(expect.arrayContaining(["src/index.ts", "src/v5-compat/index.ts"]));
  });

  it("every exported name and every public member or property has a doc comment", () => {
    expect(missing).toEqual([]);
  });

  it("every socket option says its default, the libzmq option it mirrors and its unit", () => {
    expect(options).toEqual([]);
  });

  it("every event type and error code is described where its type is", () => {
    expect(literals).toEqual([]);
  });
});
