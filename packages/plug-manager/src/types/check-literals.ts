/**
 * The strings a CHECK constraint allows a column, when that is all it says: PostgreSQL prints
 * `status in ('a', 'b')` as `CHECK (status = ANY (ARRAY['a'::text, 'b'::text]))` (with casts for
 * varchar), and `kind in ('a')` as `CHECK (kind = 'a'::text)`. Anything else (and, or, functions,
 * other columns) narrows nothing: the column keeps its plain type.
 */
export interface CheckLiterals {
  /** The column, unquoted; `VALUE` for a domain's check. */
  column: string;
  labels: string[];
}

const identifier = `(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const cast = String.raw`(?:::[a-z][a-z ]*(?:\(\d+\))?(?:\[\])?)`;
const literal = `'(?:[^']|'')*'${cast}?`;
const list = `${literal}(?:, ${literal})*`;
const column = String.raw`\(?(${identifier})\)?${cast}?`;
const anyOfArray = new RegExp(String.raw`^CHECK \(\(?${column} = ANY \(\(?ARRAY\[(${list})\]\)?${cast}?\)\)?\)$`);
const equalsOne = new RegExp(String.raw`^CHECK \(\(?${column} = (${literal})\)?\)$`);

export function checkLiterals(definition: string): CheckLiterals | undefined {
  const match = anyOfArray.exec(definition) ?? equalsOne.exec(definition);
  if (!match) return undefined;
  return { column: unquote(match[1]!), labels: [...new Set(sqlStringLiterals(match[2]!))] };
}

/** The values of the SQL string literals in `text` ('it''s' → it's), in order. */
export function sqlStringLiterals(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')*)'/g)].map((found) => found[1]!.replaceAll("''", "'"));
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}
