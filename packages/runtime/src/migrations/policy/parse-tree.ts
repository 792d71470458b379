/** A node of a parse tree as libpg-query gives it: plain JSON. */
export type TreeNode = Record<string, unknown>;

/**
 * What a walk is told of each object of a tree: its node type when the object is a typed node
 * (`{ FuncCall: {...} }` visits the inner object as "FuncCall"; a struct the parser inlines, such as
 * InsertStmt's `relation`, is visited with no type), and the closest position at or above it.
 * Returning false skips what lies below.
 */
export type Visit = (type: string | undefined, node: TreeNode, position: number | undefined) => boolean | void;

/**
 * Visits every object of a parse tree, depth first. `positionKey` names the field that says where a
 * node is: `location` (a byte offset) in SQL trees, `lineno` in PL/pgSQL trees.
 */
export function eachNode(tree: unknown, visit: Visit, positionKey = "location", position?: number): void {
  if (Array.isArray(tree)) {
    for (const item of tree) eachNode(item, visit, positionKey, position);
    return;
  }
  if (!isNode(tree)) return;
  const type = nodeType(tree);
  const node = type ? (tree[type] as TreeNode) : tree;
  if (!isNode(node)) return;
  const here = typeof node[positionKey] === "number" ? (node[positionKey] as number) : position;
  if (visit(type, node, here) === false) return;
  for (const value of Object.values(node)) eachNode(value, visit, positionKey, here);
}

/** The type of a typed node: its one key, which starts with a capital letter. */
export function nodeType(tree: TreeNode): string | undefined {
  const keys = Object.keys(tree);
  return keys.length === 1 && /^[A-Z]/.test(keys[0]!) ? keys[0] : undefined;
}

export function isNode(value: unknown): value is TreeNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The inner object of `{ [type]: {...} }`, or the object itself when the parser inlined it. */
export function unwrap(value: unknown, type: string): TreeNode | undefined {
  if (!isNode(value)) return undefined;
  return isNode(value[type]) ? (value[type] as TreeNode) : value;
}

/** The `sval`s of a list of String nodes (names such as `core.patients` come as one). */
export function strings(list: unknown): string[] {
  const items = Array.isArray(list) ? list : ((unwrap(list, "List")?.items as unknown[] | undefined) ?? []);
  return items.map((item) => unwrap(item, "String")?.sval).filter((value): value is string => typeof value === "string");
}

/** Options of a statement given as DefElem nodes (`language`, `as`, `security`, `set`...). */
export function options(list: unknown): TreeNode[] {
  return (Array.isArray(list) ? list : []).map((item) => unwrap(item, "DefElem")).filter((item): item is TreeNode => item !== undefined);
}
