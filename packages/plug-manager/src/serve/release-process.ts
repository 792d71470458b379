import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { probationEndedMessage, probationOverMessage } from "@care/runtime/supervision";
import { readableLine, recogniseLine } from "../dev/child-lines.js";

/** Loaded into each process the supervisor starts (this code is bundled into a chunk in dist/). */
export const childGuard = new URL("./serve/child-guard.js", import.meta.url).href;
/** The runtime stops by itself within 15 s of SIGTERM; past this it is killed. */
export const stopLimitMs = 20_000;
const tailLength = 20;

export interface ReleaseProcessOptions {
  /** The release's id, shown before each of its lines. */
  release: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Each line it prints, made readable and prefixed. */
  print: (line: string) => void;
}

/**
 * One process of a release: `node --enable-source-maps dist/main.js` in the release's folder, its
 * output passed through, its banner's URL noted, its last lines kept for the journal. It runs in
 * its own process group (a terminal's Ctrl-C reaches the supervisor, which stops it once) and
 * stops by itself if the supervisor disappears (child-guard).
 */
export class ReleaseProcess {
  readonly child: ChildProcess;
  /** Where it serves, once its banner said so. */
  url: string | undefined;
  /** When its banner came. */
  servingSince: number | undefined;
  readonly started = Date.now();
  /** Resolves with how it ended: `code 1`, `signal SIGKILL`. */
  readonly exited: Promise<string>;
  private readonly tail: string[] = [];
  private stopRequested = false;
  /** Requests of the health gate's probes, whose log lines are left out (one pair every half second). */
  private readonly probes = new Set<string>();

  constructor(private readonly options: ReleaseProcessOptions) {
    this.child = spawn(process.execPath, ["--enable-source-maps", "--import", childGuard, "dist/main.js"], {
      cwd: options.dir,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
      this.child.once("error", (error) => resolve(`error ${error.message}`));
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) createInterface({ input: stream }).on("line", (line) => this.take(line));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Whether the supervisor asked it to stop (its exit is then no crash). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Tells a release started on probation that its health gate passed: it accepts writes and delivers from now on. */
  async endProbation(limitMs = 10_000): Promise<void> {
    if (!this.running || !this.child.connected) throw new Error("the release stopped before its probation could end");
    const ended = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the release did not end its probation within ${limitMs / 1000} s`)), limitMs);
      const listener = (message: unknown) => {
        if (message !== probationEndedMessage) return;
        clearTimeout(timer);
        this.child.off("message", listener);
        resolve();
      };
      this.child.on("message", listener);
    });
    this.child.send(probationOverMessage);
    await ended;
  }

  /** Its last lines, as printed (made readable). */
  lastLines(count = tailLength): string[] {
    return this.tail.slice(-count);
  }

  /** SIGTERM, then SIGKILL after `limitMs`; resolves once it has exited. */
  async stop(limitMs = stopLimitMs): Promise<string> {
    this.stopRequested = true;
    if (this.running) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), limitMs);
      const how = await this.exited;
      clearTimeout(timer);
      return how;
    }
    return this.exited;
  }

  private take(line: string): void {
    if (this.isProbeLog(line)) return;
    const text = readableLine(line);
    const recognised = recogniseLine(line);
    if (recognised.kind === "serving" && this.url === undefined) {
      this.url = recognised.url;
      this.servingSince = Date.now();
    }
    this.tail.push(text);
    if (this.tail.length > tailLength) this.tail.shift();
    this.options.print(`release ${this.options.release} │ ${text}`);
  }

  /** Fastify's "incoming request" / "request completed" pair for a GET /health… probe. */
  private isProbeLog(line: string): boolean {
    if (!line.startsWith("{") || !line.includes("request")) return false;
    try {
      const entry = JSON.parse(line) as { msg?: string; reqId?: string; req?: { url?: string } };
      if (entry.reqId === undefined) return false;
      if (entry.msg === "incoming request" && entry.req?.url?.startsWith("/health")) return Boolean(this.probes.add(entry.reqId));
      if (entry.msg === "request completed") return this.probes.delete(entry.reqId);
    } catch {
      // Not a log line of the runtime's: shown as it is.
    }
    return false;
  }
}
