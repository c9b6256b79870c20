/**
 * The public surface of a bundled declaration file (tsup's dist/index.d.ts): every exported name, and for
 * each exported class its public members, inherited ones included (private, protected and #private ones
 * left out): what a user of the package can reach.
 *
 * When the package's entries share a declaration chunk (tsup splits them: dist/index.d.ts then re-exports
 * from dist/index-<hash>.d.ts, and dist/draft.d.ts imports its base classes from there), `load` reads the
 * module a re-export or an import names, and names are followed into it.
 */
import ts from "typescript";

export type Surface = Record<string, string | string[]>;

/** Where a name comes from when a file does not declare it: a name exported by another module. */
interface Elsewhere {
  from: string;
  name: string;
}

/** One declaration file: what it exports (exported name → local name), re-exports, imports and declares. */
interface DeclarationModule {
  source: ts.SourceFile;
  exported: Map<string, string>;
  reexported: Map<string, Elsewhere>;
  imported: Map<string, Elsewhere>;
  declarations: Map<string, ts.Node>;
}

function parseDeclarations(text: string): DeclarationModule {
  const source = ts.createSourceFile("index.d.ts", text, ts.ScriptTarget.Latest, true);
  const module: DeclarationModule = { source, exported: new Map(), reexported: new Map(), imported: new Map(), declarations: new Map() };
  source.forEachChild((node) => {
    if (ts.isExportDeclaration(node) && node.exportClause !== undefined && ts.isNamedExports(node.exportClause)) {
      const from = node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
      for (const e of node.exportClause.elements) {
        const local = (e.propertyName ?? e.name).text;
        if (from === undefined) module.exported.set(e.name.text, local);
        else module.reexported.set(e.name.text, { from, name: local });
      }
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const bindings = node.importClause?.namedBindings;
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const e of bindings.elements) module.imported.set(e.name.text, { from: node.moduleSpecifier.text, name: (e.propertyName ?? e.name).text });
      }
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) module.declarations.set(d.name.text, node);
    } else if (
      (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isFunctionDeclaration(node)) &&
      node.name !== undefined
    ) {
      module.declarations.set(node.name.text, node);
    }
  });
  return module;
}

interface Found {
  module: DeclarationModule;
  node: ts.Node | undefined;
}

/** Resolves names across the files of one bundle, each file read (through `load`) once. */
class Declarations {
  private readonly loaded = new Map<string, DeclarationModule>();

  constructor(private readonly load: ((specifier: string) => string) | undefined) {}

  /** The declaration `name` stands for in `module`: declared there, or imported from a module `load` reads. */
  local(module: DeclarationModule, name: string): Found {
    const node = module.declarations.get(name);
    if (node !== undefined) return { module, node };
    const elsewhere = module.imported.get(name);
    return elsewhere === undefined ? { module, node: undefined } : this.exportedBy(elsewhere, module);
  }

  /** What `module` exports as `name` (declared there or re-exported). */
  exported(module: DeclarationModule, name: string): Found {
    const local = module.exported.get(name);
    if (local !== undefined) return this.local(module, local);
    const elsewhere = module.reexported.get(name);
    return elsewhere === undefined ? { module, node: undefined } : this.exportedBy(elsewhere, module);
  }

  private exportedBy({ from, name }: Elsewhere, fallback: DeclarationModule): Found {
    if (this.load === undefined) return { module: fallback, node: undefined };
    let module = this.loaded.get(from);
    if (module === undefined) this.loaded.set(from, (module = parseDeclarations(this.load(from))));
    return this.exported(module, name);
  }

  /** A class's public members and those of the classes it extends. */
  publicMembers(node: ts.ClassDeclaration, module: DeclarationModule): Set<string> {
    const members = new Set<string>();
    for (const member of node.members) {
      const flags = ts.getCombinedModifierFlags(member);
      if ((flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) continue;
      if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) continue;
      members.add(member.name !== undefined ? member.name.getText(module.source) : ts.isConstructorDeclaration(member) ? "constructor" : "(index)");
    }
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const type of clause.types) {
        const parent = this.local(module, type.expression.getText(module.source));
        if (parent.node === undefined || !ts.isClassDeclaration(parent.node)) continue;
        for (const inherited of this.publicMembers(parent.node, parent.module)) if (inherited !== "constructor") members.add(inherited);
      }
    }
    return members;
  }
}

export function declarationSurface(text: string, load?: (specifier: string) => string): Surface {
  const main = parseDeclarations(text);
  const declarations = new Declarations(load);
  const names = [...main.exported.keys(), ...main.reexported.keys()].sort((a, b) => a.localeCompare(b));
  const surface: Surface = {};
  for (const name of names) {
    const { module, node } = declarations.exported(main, name);
    if (node === undefined || !ts.isClassDeclaration(node)) {
      surface[name] = node === undefined ? "?" : ts.SyntaxKind[node.kind];
      continue;
    }
    surface[name] = [...declarations.publicMembers(node, module)].sort();
  }
  return surface;
}
