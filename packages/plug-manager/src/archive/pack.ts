import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join, resolve } from "node:path";
import { CareCliError } from "../cli-error.js";
import { findWorkspaceRoot } from "../workspace/find-root.js";
import { bundleDependencies, type BundledDependency } from "./bundle-dependencies.js";
import { carePackageNames } from "./care-packages.js";
import { checksumLine, sha256File } from "./checksum.js";
import { checkPlugManifest } from "./plug-manifest.js";
import { signArchive } from "./sign-archive.js";

export interface PackOptions {
  /** Where the tarball and its `.sha256` go; created if missing. */
  outDir: string;
  /** The environment for `pnpm pack` (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** A private ed25519 key file: sign the packed files with it (care-plug.sig in the tarball). */
  sign?: string;
  /**
   * Put the plug's runtime dependencies (all but Care packages and peers) in the archive, so that it
   * installs with no registry (default true). False: pnpm pack's package only, for registries.
   */
  bundle?: boolean;
}

export interface PackResult {
  /** The package's name and version, and the plug's id, as packed. */
  name: string;
  version: string;
  id: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
  /** Absolute path of `<tarball>.sha256` (`sha256sum` format). */
  checksumFile: string;
  /** SHA-256 of the tarball, lowercase hex. */
  sha256: string;
  /** The signing key's fingerprint, when signed. */
  signedWith?: string;
  /** The packages put under node_modules/ (none when nothing was to bundle, or with bundle: false). */
  bundled: BundledDependency[];
}

/**
 * Packs a plug's folder with `pnpm pack` (which honours `files` and turns `workspace:` ranges into
 * real ones) into `outDir`, adds its dependencies (bundleDependencies, unless `bundle: false`),
 * signs it when asked (after the dependencies are in, so the signature covers them), and writes
 * `<tarball>.sha256` next to it. Builds nothing: build first. Refuses a folder that is not a plug,
 * before running anything.
 */
export async function packPlug(dir: string, options: PackOptions): Promise<PackResult> {
  const plugDir = resolve(dir);
  const outDir = resolve(options.outDir);
  const manifestFile = join(plugDir, "package.json");

  if (!existsSync(plugDir) || !(await stat(plugDir)).isDirectory()) {
    throw new CareCliError(`cannot pack ${dir}: no such folder`, {
      code: "pack_source_invalid",
      hint: "pass a plug's folder, e.g. care pack plugs/hello",
    });
  }
  if (!existsSync(manifestFile)) {
    throw new CareCliError(`cannot pack ${dir}: it has no package.json, so it is not a plug`, {
      code: "pack_source_invalid",
      hint: "pass a plug's folder, e.g. care pack plugs/hello",
    });
  }
  let packageJson: unknown;
  try {
    packageJson = JSON.parse(await readFile(manifestFile, "utf8"));
  } catch (error) {
    throw new CareCliError(`cannot pack ${dir}: ${manifestFile} is not valid JSON (${(error as Error).message})`, {
      code: "pack_source_invalid",
      hint: "fix package.json and run care pack again",
    });
  }
  const { manifest, problems } = checkPlugManifest(packageJson);
  if (!manifest) {
    throw new CareCliError(`cannot pack ${dir}: it is not a valid plug; its package.json ${problems.join(", and ")}`, {
      code: "pack_source_invalid",
      hint:
        'a plug\'s package.json needs a name, a semver version and "care": { "plug": { "id": "<id>", "core": "<range>" } } (id: ' +
        "1-32 lowercase letters, digits or _, starting with a letter)",
    });
  }
  // Packing without the build output makes an archive that installs and then fails to load.
  const main = (packageJson as { main?: unknown }).main;
  if (typeof main === "string" && !isAbsolute(main) && !existsSync(join(plugDir, main))) {
    throw new CareCliError(`cannot pack ${manifest.name}: its main file ${main} does not exist yet`, {
      code: "pack_not_built",
      hint: `build it first: pnpm --filter ${manifest.name}... build`,
    });
  }

  if (options.sign !== undefined && !existsSync(resolve(options.sign))) {
    throw new CareCliError(`cannot sign with ${options.sign}: no such file`, {
      code: "signing_key_missing",
      hint: 'pass your private key file; make one with: ssh-keygen -t ed25519 -f care-publisher -C "<who publishes>"',
    });
  }
  await mkdir(outDir, { recursive: true });
  const stdout = await pnpmPack(plugDir, outDir, options.env);
  const tarball = packedFile(stdout, outDir, manifest.name, manifest.version);
  if (!existsSync(tarball)) {
    throw new CareCliError(`pnpm pack finished but ${tarball} is not there`, {
      code: "pack_failed",
      hint: `run pnpm pack --pack-destination ${outDir} in ${plugDir} to see what it does`,
    });
  }
  const isCarePackage = await carePackageNames(findWorkspaceRoot(plugDir));
  let bundled: BundledDependency[];
  let signed: Awaited<ReturnType<typeof signArchive>> | undefined;
  try {
    bundled = options.bundle === false ? [] : await bundleDependencies(tarball, plugDir, isCarePackage);
    signed = options.sign === undefined ? undefined : await signArchive(tarball, options.sign);
  } catch (error) {
    // Half made (no dependencies, or unsigned): not an archive anyone should take for the real one.
    await Promise.all([rm(tarball, { force: true }), rm(`${tarball}.sha256`, { force: true })]);
    throw error;
  }
  const sha256 = await sha256File(tarball);
  const checksumFile = `${tarball}.sha256`;
  await writeFile(checksumFile, checksumLine(sha256, basename(tarball)));
  return {
    name: manifest.name,
    version: manifest.version,
    id: manifest.plug.id,
    tarball,
    checksumFile,
    sha256,
    ...(signed && { signedWith: signed.fingerprint }),
    bundled,
  };
}

function pnpmPack(cwd: string, outDir: string, env: NodeJS.ProcessEnv | undefined): Promise<string> {
  return new Promise((resolvePack, reject) => {
    execFile(
      "pnpm",
      ["pack", "--pack-destination", outDir, "--json"],
      { cwd, env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolvePack(stdout);
        const spawnFailed = (error as NodeJS.ErrnoException).code === "ENOENT";
        const tail = `${stderr}\n${stdout}`.trim().split("\n").slice(-20).join("\n  ");
        reject(
          new CareCliError(spawnFailed ? "cannot run pnpm: it is not on PATH" : `pnpm pack failed in ${cwd}:\n  ${tail}`, {
            code: "pack_failed",
            hint: spawnFailed ? "install pnpm (npm install -g pnpm@12.21.0)" : "fix what pnpm reports above, then run care pack again",
            cause: error,
          }),
        );
      },
    );
  });
}

/**
 * The tarball `pnpm pack --json` names. Lifecycle scripts may print before the JSON, so it is read
 * from the last line that opens an object; failing that, pnpm's own naming (`@a/b` → `a-b-1.0.0.tgz`).
 */
function packedFile(stdout: string, outDir: string, name: string, version: string): string {
  const lines = stdout.split("\n");
  for (let start = lines.length - 1; start >= 0; start--) {
    if (lines[start]?.trimEnd() !== "{") continue;
    try {
      const filename = (JSON.parse(lines.slice(start).join("\n")) as { filename?: unknown }).filename;
      if (typeof filename === "string") return resolve(outDir, filename);
    } catch {
      // not the JSON result; look further up
    }
  }
  return join(outDir, `${name.replace(/^@/, "").replace(/\//g, "-")}-${version}.tgz`);
}
