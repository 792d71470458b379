import { spawn } from "node:child_process";
import { CareCliError } from "../cli-error.js";

/** Runs a command, passing each output line to `onLine`; rejects with its last lines on failure. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; onLine?: (line: string) => void; env?: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        options.onLine?.(line);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (error) => reject(new CareCliError(`could not run ${command}: ${error.message}`, { code: "command_failed" })));
    child.on("exit", (code) =>
      // The tool's own output says what went wrong (a 404 from the registry, a compile error): a refusal, not a bug.
      code === 0
        ? resolve()
        : reject(
            new CareCliError(`\`${command} ${args.join(" ")}\` failed (exit ${code}):\n  ${tail.join("\n  ")}`, {
              code: "command_failed",
            }),
          ),
    );
  });
}

/** Runs a command and resolves with its exit code and output, for commands whose answer is read. */
export function captureCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => reject(new CareCliError(`could not run ${command}: ${error.message}`, { code: "command_failed" })));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
