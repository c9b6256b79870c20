/**
 * The public surface of a bundled declaration file (tsup's dist/index.d.ts): every exported name, and for
 * each exported class its public members, inherited ones included (private, protected and #private ones
 * left out): what a user of the package can reach.
 */
import ts from "typescript";

export type Surface = Record<string, string | string[]>;

export function declarationSurface(text: string): Surface {
  const source = ts.createSourceFile("index.d.ts", text, ts.ScriptTarget.Latest, true);
  const exported = new Map<string, string>();
  const declarations = new Map<string, ts.Node>();
  source.forEachChild((node) => {
    if (ts.isExportDeclaration(node) && node.exportClause !== undefined && ts.isNamedExports(node.exportClause)) {
      for (const e of node.exportClause.elements) exported.set(e.name.text, (e.propertyName ?? e.name).text);
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) declarations.set(d.name.text, node);
    } else if (
      (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isFunctionDeclaration(node)) &&
      node.name !== undefined
    ) {
      declarations.set(node.name.text, node);
    }
  });
  const surface: Surface = {};
  for (const [name, local] of [...exported].sort(([a], [b]) => a.localeCompare(b))) {
    const node = declarations.get(local);
    if (node === undefined || !ts.isClassDeclaration(node)) {
      surface[name] = node === undefined ? "?" : ts.SyntaxKind[node.kind];
      continue;
    }
    surface[name] = [...publicMembers(node, declarations, source)].sort();
  }
  return surface;
}

/** A class's public members and those of the classes it extends (declared in the same file). */
function publicMembers(node: ts.ClassDeclaration, declarations: Map<string, ts.Node>, source: ts.SourceFile): Set<string> {
  const members = new Set<string>();
  for (const member of node.members) {
    const flags = ts.getCombinedModifierFlags(member);
    if ((flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) continue;
    if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) continue;
    members.add(member.name !== undefined ? member.name.getText(source) : ts.isConstructorDeclaration(member) ? "constructor" : "(index)");
  }
  for (const clause of node.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const type of clause.types) {
      const parent = declarations.get(type.expression.getText(source));
      if (parent !== undefined && ts.isClassDeclaration(parent)) {
        for (const inherited of publicMembers(parent, declarations, source)) if (inherited !== "constructor") members.add(inherited);
      }
    }
  }
  return members;
}
