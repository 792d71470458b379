import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CareCliError } from "../cli-error.js";
import { readableLine, recogniseLine, type ChildLine } from "./child-lines.js";

/** The standby entry as built: dist/dev/standby-main.js (this code is bundled into a chunk in dist/). */
const standbyEntry = fileURLToPath(new URL("./dev/standby-main.js", import.meta.url));
/** The runtime stops by itself within 15 s of SIGTERM; this is the limit after which it is killed. */
const stopLimitMs = 20_000;

export interface RunnerOptions {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Each line the deployment printed, made readable, with what it was recognised as. */
  onLine: (text: string, line: ChildLine, stream: "stdout" | "stderr") => void;
  /** The deployment stopped by itself after it served (a crash, or process.exit in a plug). */
  onExit: (how: string) => void;
}

/**
 * Runs the deployment as a child process and restarts it: the next process waits loaded (a
 * standby) while the current one serves, so a restart costs stopping one and opening the
 * database in the other. Children run in their own process group: a terminal's Ctrl-C reaches
 * `care dev` alone, which stops the child once, with SIGTERM.
 */
export class DeploymentRunner {
  private standby: ChildProcess | undefined;
  private running: ChildProcess | undefined;
  /** Processes this runner is stopping: their exit is expected. */
  private readonly stopping = new WeakSet<ChildProcess>();
  private closed = false;

  constructor(private readonly options: RunnerOptions) {}

  /** Starts the next process ahead, if none waits. */
  prepare(): void {
    if (this.closed) return;
    if (this.standby && this.standby.exitCode === null && this.standby.signalCode === null) return;
    this.standby = spawn(process.execPath, ["--enable-source-maps", standbyEntry], {
      cwd: this.options.dir,
      env: this.options.env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
  }

  /**
   * Drops the waiting process: after a sync, turbo may have rebuilt the runtime it loaded, and a
   * module once loaded is never read again in that process.
   */
  async discardStandby(): Promise<void> {
    const standby = this.standby;
    this.standby = undefined;
    if (!standby) return;
    this.stopping.add(standby);
    await stopChild(standby);
  }

  /** Stops the running process, starts the waiting one, and resolves with its URL once it serves. */
  async restart(): Promise<string> {
    await this.stopRunning();
    if (this.closed) throw new CareCliError("care dev is stopping", { code: "dev_start_failed" });
    this.prepare();
    const child = this.standby!;
    this.standby = undefined;
    this.running = child;
    const serving = this.whenServing(child);
    child.send("start", (error) => error && child.kill("SIGKILL"));
    return serving;
  }

  /** Stops both processes; resolves when they have exited. */
  async stop(): Promise<void> {
    this.closed = true;
    const standby = this.standby;
    this.standby = undefined;
    if (standby) this.stopping.add(standby);
    await Promise.all([standby && stopChild(standby), this.stopRunning()]);
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    this.stopping.add(running);
    await stopChild(running);
  }

  private whenServing(child: ChildProcess): Promise<string> {
    return new Promise((resolve, reject) => {
      let failure: string | undefined;
      let served = false;
      const read = (stream: "stdout" | "stderr") => (text: string) => {
        const line = recogniseLine(text);
        if (line.kind === "serving") {
          served = true;
          resolve(line.url);
        }
        if (line.kind === "start_failed") failure = line.message;
        this.options.onLine(readableLine(text), line, stream);
      };
      createInterface({ input: child.stdout! }).on("line", read("stdout"));
      createInterface({ input: child.stderr! }).on("line", read("stderr"));
      child.once("exit", (code, signal) => {
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!served)
          reject(new CareCliError(failure ?? `the deployment's process exited (${how}) before it served`, { code: "dev_start_failed" }));
        else if (!this.stopping.has(child)) this.options.onExit(how);
      });
    });
  }
}

/** SIGTERM, then wait for the exit (SIGKILL past the limit). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), stopLimitMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
