/**
 * SQL without what does not change its meaning: comments, the amount of whitespace, and the case
 * of everything outside quotes (unquoted names fold to lower case anyway).
 */
export function sqlWithoutNoise(text: string): string {
  let out = "";
  let space = false;
  const word = (char: string | undefined) => char !== undefined && /[\w$]/.test(char);
  const emit = (chunk: string) => {
    if (space && word(out[out.length - 1]) && word(chunk[0])) out += " ";
    space = false;
    out += chunk;
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const rest = text.slice(index);
    if (rest.startsWith("--")) {
      const end = text.indexOf("\n", index);
      index = end === -1 ? text.length : end;
      space = true;
    } else if (rest.startsWith("/*")) {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      do {
        if (text.startsWith("/*", index)) (depth += 1), (index += 2);
        else if (text.startsWith("*/", index)) (depth -= 1), (index += 2);
        else index += 1;
      } while (depth > 0 && index < text.length);
      space = true;
    } else if (/\s/.test(char)) {
      space = true;
      index += 1;
    } else if (char === "'" || char === '"') {
      // A quote is doubled to escape it; E'...' strings may also escape with a backslash.
      const escapes = char === "'" && /[eE]/.test(text[index - 1] ?? "") && !word(text[index - 2]);
      let end = index + 1;
      while (end < text.length) {
        if (escapes && text[end] === "\\") end += 2;
        else if (text[end] === char && text[end + 1] === char) end += 2;
        else if (text[end] === char) break;
        else end += 1;
      }
      emit(text.slice(index, end + 1));
      index = end + 1;
    } else if (char === "$" && /^\$(?:[A-Za-z_][\w]*)?\$/.test(rest) && (space || !word(out[out.length - 1]))) {
      const tag = /^\$(?:[A-Za-z_][\w]*)?\$/.exec(rest)![0];
      const end = text.indexOf(tag, index + tag.length);
      const stop = end === -1 ? text.length : end + tag.length;
      emit(text.slice(index, stop));
      index = stop;
    } else {
      emit(char.toLowerCase());
      index += 1;
    }
  }
  return out;
}
