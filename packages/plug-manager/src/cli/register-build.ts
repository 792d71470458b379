import type { Command } from "commander";
import type { VerifyCommandOptions } from "./archive-commands.js";
import { parseCount, parseMiB, parsePort } from "./option-parsers.js";
import type { WorkspaceRoot } from "./program.js";

/** `care bundle`, `care pack`, `care verify`, `care start` and `care dev`: build, package and run. */
export function registerBuildCommands(program: Command, root: WorkspaceRoot): void {
  program
    .command("bundle")
    .description(
      "build the deployment into apps/<name>/bundle/<name>/ and <name>.tgz: code, production dependencies, migrations, manifest and " +
        "lock; " +
        "`node dist/main.js` starts it offline",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--no-build", "skip building (turbo's bundle task has built everything already)")
    .action(async (options: { deployment: string; build: boolean }) =>
      (await import("./bundle-command.js")).bundleCommand(root(), options.deployment, options.build),
    );
  program
    .command("pack")
    .argument("<plug-dir>", "a plug's folder, e.g. plugs/hello (build it first)")
    .option("-o, --out-dir <dir>", "where to write the .tgz and its .sha256", ".")
    .option(
      "--sign <private-key>",
      "sign the packed files with this ed25519 key (ssh-keygen -Y sign); the signature goes inside the archive as care-plug.sig",
    )
    .option("--no-bundle", "leave its dependencies out (a site then installs them from a registry)")
    .description(
      "pnpm pack a plug (only its `files`, workspace ranges made real) into <name>-<version>.tgz with its dependencies " +
        "(all but Care packages and peers) under node_modules/ as bundleDependencies, so it installs offline; write " +
        "<tgz>.sha256, and verify the result",
    )
    .action(async (dir: string, options: { outDir: string; sign?: string; bundle: boolean }) =>
      (await import("./archive-commands.js")).packCommand(dir, options.outDir, options.sign, options.bundle),
    );
  program
    .command("verify")
    .argument("<archive>", "a plug's .tgz, e.g. care-plugs-hello-0.1.0.tgz")
    .option("--checksum <file>", "its sha256sum-style checksum file (default: <archive>.sha256 next to it)")
    .option("--max-file-size <MiB>", "largest file allowed (default 20)", parseMiB)
    .option("--max-total-size <MiB>", "all files together, unpacked (default 100)", parseMiB)
    .option("--max-entries <n>", "most entries allowed (default 10000)", parseCount)
    .option("-d, --deployment <name>", "judge its signature by this deployment's trust policy, as care plug add would")
    .option("--key <publisher.pub>", "judge its signature against this one publisher key")
    .option("--json", "print { name, version, id, sha256, files, unpackedSize, signature, bundled, needsNetwork } as JSON")
    .description(
      "check a plug archive before installing it, without unpacking it: checksum, gzip tar, paths inside package/, no links or " +
        "devices, sizes, " +
        "a valid care.plug block, bundled packages that run nothing when installed; and say which dependencies would need " +
        "the network",
    )
    .action(async (file: string, options: VerifyCommandOptions) =>
      (await import("./archive-commands.js")).verifyCommand(file, options, root),
    );
  program
    .command("start")
    .description("build the deployment and start it")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .action(async (options: { deployment: string }) => (await import("./start-command.js")).startCommand(root(), options.deployment));
  program
    .command("dev")
    .description(
      "start the deployment, watch the workspace plugs it uses, rebuild and restart on change (migrations included), and say how " +
        "long it took",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--port <n>", "the port to serve on (default: PORT from the environment, as it starts)", parsePort)
    .action(async (options: { deployment: string; port?: number }) =>
      (await import("../dev/dev-command.js")).devCommand(
        root(),
        options.deployment,
        options.port === undefined ? {} : { port: options.port },
      ),
    );
}
