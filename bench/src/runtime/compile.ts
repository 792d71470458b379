import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const childSources = fileURLToPath(new URL("./child/", import.meta.url));
const benchModules = fileURLToPath(new URL("../../node_modules/", import.meta.url));
const compiled = new Map<string, Promise<string>>();

/**
 * The child entries (runtime/child/*.ts) as plain JS in `<tmpDir>/children`, so a child runs on
 * bare node like a deployment's bundle does: no TypeScript loader in the start-up being measured.
 * They find @care/* through a symlink to bench's node_modules. Once per run.
 */
export function compileChildren(tmpDir: string): Promise<string> {
  let done = compiled.get(tmpDir);
  if (!done) compiled.set(tmpDir, (done = transpileAll(join(tmpDir, "children"))));
  return done;
}

async function transpileAll(outDir: string): Promise<string> {
  // Loaded only here: the compiler is large, and only the parent needs it.
  const { default: ts } = await import("typescript");
  await mkdir(outDir, { recursive: true });
  await symlink(benchModules, join(outDir, "node_modules"), "dir");
  for (const file of (await readdir(childSources)).filter((name) => name.endsWith(".ts"))) {
    const source = await readFile(join(childSources, file), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    await writeFile(join(outDir, file.replace(/\.ts$/, ".js")), outputText);
  }
  await writeFile(join(outDir, "package.json"), '{ "type": "module" }\n');
  return outDir;
}
