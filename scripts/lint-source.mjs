// `pnpm lint`'s second half: the two checks Biome has no rule for.
// 1. No source line over 140 characters. Biome's formatter wraps code at 140 but leaves long strings,
//    template literals and comments as they are, so a line can still run past the width.
// 2. No relative import leaves its package (`../../runtime/src/x.js`): a package reaches another only
//    through its published entry, which Biome's noRestrictedImports enforces for `@care/*` names.
// Files come from git (tracked and new, .gitignore honoured), so dist/, bundle/ and node_modules never count.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const maxLineLength = 140;
const sourceFile = /\.(ts|tsx|mts|cts|js|mjs|cjs|sql)$/;
const exempt = [/\.generated\.ts$/, /(^|\/)(dist|bundle|node_modules|results)\//, /\.api\.md$/];
const packageRoot = /^(packages\/[^/]+|plugs\/[^/]+|apps\/[^/]+|bench|reliability)\//;
const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;

const root = fileURLToPath(new URL("..", import.meta.url));
const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" });
const files = [...new Set(listed.split("\0"))].filter((file) => sourceFile.test(file) && !exempt.some((pattern) => pattern.test(file)));

const problems = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  text.split("\n").forEach((line, index) => {
    if (line.length > maxLineLength) problems.push(`${file}:${index + 1}: line is ${line.length} characters (at most ${maxLineLength})`);
  });
  const owner = packageRoot.exec(file)?.[1];
  if (!owner) continue;
  for (const match of text.matchAll(specifiers)) {
    // Leaving into the root's shared build files (tsup.config.base.ts) is fine; into another package is not.
    const target = relative(root, resolve(join(root, dirname(file)), match[1]))
      .split(sep)
      .join("/");
    const targetOwner = packageRoot.exec(`${target}/`)?.[1];
    if (targetOwner && targetOwner !== owner) {
      const line = text.slice(0, match.index).split("\n").length;
      problems.push(
        `${file}:${line}: "${match[1]}" reaches into ${targetOwner} from ${owner}: import the other package by its name and public entry`,
      );
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n\nlint-source: ${problems.length} problem(s) in ${files.length} files\n`);
  process.exit(1);
}
process.stdout.write(`lint-source: ${files.length} files, no line over ${maxLineLength} characters, no import leaving its package\n`);
