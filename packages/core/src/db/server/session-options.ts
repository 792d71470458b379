/**
 * The core's SQL names every table by schema and calls only pg_catalog's functions, so its sessions
 * search nothing else: an object in `public` or in a plug's schema can never stand in for a builtin
 * (say a `lower(text)` of its own). pg_temp goes last so a temporary table shadows nothing either.
 */
const safeSearchPath = "-c search_path=pg_catalog,pg_temp";

/**
 * The pool's connection settings. pg lets `options` in the URL replace the one given beside it, so
 * the URL's own options are moved into ours, with ours last (the last `-c` of a setting wins).
 */
export function sessionOptions(url: string): { connectionString: string; options: string } {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const own = parsed?.searchParams.get("options");
  if (!parsed || !own) return { connectionString: url, options: safeSearchPath };
  parsed.searchParams.delete("options");
  return { connectionString: parsed.toString(), options: `${own} ${safeSearchPath}` };
}
