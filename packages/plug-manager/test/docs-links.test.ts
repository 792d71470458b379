// Every relative link in the repository's Markdown points at a file that exists, and every #anchor at a
// heading of that file: a reader who follows a link from the README or docs/ never lands on nothing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
const notChecked = /(^|\/)(node_modules|dist|bundle)\/|(^|\/)CHANGELOG\.md$/;

function markdownFiles(root: string): string[] {
  // git lists tracked and new files with .gitignore honoured, so installed and built folders never count.
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "*.md"], {
    cwd: root,
    encoding: "utf8",
  });
  return [...new Set(listed.split("\0"))].filter((file) => file !== "" && !notChecked.test(file) && existsSync(join(root, file)));
}

function withoutFencedCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** The text a reader sees as prose: fenced code blocks and inline code hold examples, not links. */
function withoutCode(text: string): string {
  return withoutFencedCode(text).replace(/`[^`\n]*`/g, "");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutFencedCode(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

function linkTargets(text: string): string[] {
  const prose = withoutCode(text);
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
  const definitions = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((match) => match[1]!);
  return [...inline, ...definitions];
}

function brokenLinks(root: string, files: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and other absolute URLs
      const [pathPart = "", anchor] = target.split("#");
      const path = decodeURIComponent(pathPart);
      const resolved = path === "" ? join(root, file) : resolve(join(root, dirname(file)), path);
      if (!existsSync(resolved)) {
        problems.push(`${file}: link to ${target}: ${path} does not exist`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && !headingAnchors(readFileSync(resolved, "utf8")).has(anchor.toLowerCase())) {
        problems.push(`${file}: link to ${target}: no heading makes the anchor #${anchor}`);
      }
    }
  }
  return problems;
}

describe("links in the repository's Markdown", () => {
  it("resolve to files that exist, and anchors to headings", () => {
    const files = markdownFiles(repositoryRoot);
    expect(files).toContain("README.md");
    expect(files.some((file) => file.startsWith("docs/"))).toBe(true);
    expect(brokenLinks(repositoryRoot, files)).toEqual([]);
  });

  it("are reported when a file or a heading is missing", () => {
    const folder = mkdtempSync(join(tmpdir(), "care-doc-links-"));
    try {
      writeFileSync(join(folder, "guide.md"), "# Getting started\n\n## The `care` CLI\n\nText.\n");
      writeFileSync(
        join(folder, "README.md"),
        [
          "See [the guide](guide.md#getting-started), [the CLI](guide.md#the-care-cli) and [this](#index).",
          "Broken: [gone](docs/gone.md), [no heading](guide.md#nothing-here), [site](https://example.org/x).",
          "```sh\n[not a link](inside/a/code/block.md)\n```",
          "# Index",
        ].join("\n"),
      );
      expect(brokenLinks(folder, ["README.md", "guide.md"])).toEqual([
        "README.md: link to docs/gone.md: docs/gone.md does not exist",
        "README.md: link to guide.md#nothing-here: no heading makes the anchor #nothing-here",
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
