import { spawn } from "node:child_process";

/** Runs a process to its end; its wall time in ms, and what it printed. Rejects when it fails. */
export function timedProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ ms: number; output: string }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - began;
      if (code === 0) resolve({ ms, output });
      else reject(new Error(`\`${command} ${args.join(" ")}\` exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}
