/**
 * `value` as an SQL string literal, written as node-postgres's escapeLiteral writes it (the runtime
 * does not depend on pg): quotes doubled and, when there is a backslash, an E'' literal with it
 * doubled, so the text reads the same whatever standard_conforming_strings is. For statements that
 * must carry no parameters (role-on-connection.ts says why).
 */
export function quoteLiteral(value: string): string {
  const quoted = `'${value.replaceAll("'", "''").replaceAll("\\", "\\\\")}'`;
  return value.includes("\\") ? ` E${quoted}` : quoted;
}
