/**
 * Where a field path (`nodes[1].ip`) is written in a TypeScript spec: its object literal is found
 * in the syntax tree (`export default spec` → `const spec = { … }`, or `export default { … }`,
 * or `module.exports = { default: { … } }`) and followed key by key. When the path leaves the
 * literals (a spread, a function call), the line of the deepest property found is given.
 */
import type * as TS from 'typescript';
import type { SpecLocator } from '../../clusters/model';

/** `nodes[1].ip` → ['nodes', 1, 'ip']. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export function typescriptLocator(ts: typeof TS, fileName: string, text: string): SpecLocator {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lineOf = (node: TS.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

  const unwrap = (e: TS.Expression): TS.Expression => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    return e;
  };
  const declared = (name: string): TS.Expression | undefined => {
    let found: TS.Expression | undefined;
    const visit = (n: TS.Node) => {
      if (!found && ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer) found = n.initializer;
      if (!found) ts.forEachChild(n, visit);
    };
    visit(sf);
    return found;
  };
  const resolve = (e: TS.Expression | undefined): TS.Expression | undefined => {
    if (!e) return undefined;
    e = unwrap(e);
    return ts.isIdentifier(e) ? resolve(declared(e.text)) : e;
  };
  const propertyName = (p: TS.ObjectLiteralElementLike): string | undefined => {
    if (!p.name) return undefined;
    if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) return p.name.text;
    return undefined;
  };
  const propertyOf = (obj: TS.ObjectLiteralExpression, key: string) => obj.properties.find((p) => propertyName(p) === key);

  let root: TS.Expression | undefined;
  for (const st of sf.statements) {
    if (ts.isExportAssignment(st)) root = resolve(st.expression);
    else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.left.getText(sf) === 'module.exports') {
      const right = resolve(st.expression.right);
      const def = right && ts.isObjectLiteralExpression(right) ? propertyOf(right, 'default') : undefined;
      root = def && ts.isPropertyAssignment(def) ? resolve(def.initializer) : right;
    }
  }

  return (path) => {
    if (!root) return undefined;
    let node: TS.Node = root;
    let line: number | undefined = lineOf(root);
    for (const seg of pathSegments(path)) {
      const here = resolve(node as TS.Expression) ?? node;
      let next: TS.Node | undefined;
      if (typeof seg === 'number' && ts.isArrayLiteralExpression(here)) next = here.elements[seg];
      else if (typeof seg === 'string' && ts.isObjectLiteralExpression(here)) {
        const prop = propertyOf(here, seg);
        if (prop) {
          line = lineOf(prop);
          next = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
        }
      }
      if (!next) break;
      line = lineOf(next);
      node = next;
    }
    return line;
  };
}
