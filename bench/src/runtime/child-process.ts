import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ChildMessage, ParentMessage } from "./child/protocol.js";
import { compileChildren } from "./compile.js";

type Reply<Kind extends ChildMessage["kind"]> = Extract<ChildMessage, { kind: Kind }>;

/** A forked child entry (serve.js, deliver.js) and its messages, awaited by kind. */
export class BenchChild {
  private readonly inbox: ChildMessage[] = [];
  private waiting: (() => void) | undefined;
  private stderr = "";
  private readonly exited: Promise<number | null>;

  private constructor(readonly process: ChildProcess) {
    process.on("message", (message: ChildMessage) => {
      this.inbox.push(message);
      this.waiting?.();
    });
    process.stderr!.on("data", (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => process.on("exit", (code) => (resolve(code), this.waiting?.())));
  }

  static async fork(tmpDir: string, entry: "serve" | "deliver", spec: unknown): Promise<BenchChild> {
    const dir = await compileChildren(tmpDir);
    const child = fork(join(dir, `${entry}.js`), [JSON.stringify(spec)], { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    return new BenchChild(child);
  }

  /** The next message of this kind; fails when the child exits first or takes longer than `timeoutMs`. */
  async next<Kind extends ChildMessage["kind"]>(kind: Kind, timeoutMs = 120_000): Promise<Reply<Kind>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((message) => message.kind === kind);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as Reply<Kind>;
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        throw new Error(
          `child exited (${this.process.exitCode ?? this.process.signalCode}) before "${kind}":\n${this.stderr.slice(-3000)}`,
        );
      }
      if (Date.now() > deadline) throw new Error(`child gave no "${kind}" within ${timeoutMs} ms:\n${this.stderr.slice(-3000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiting = () => (clearTimeout(timer), resolve());
      });
    }
  }

  async ask<Kind extends ChildMessage["kind"]>(message: ParentMessage, reply: Kind, timeoutMs?: number): Promise<Reply<Kind>> {
    this.process.send(message);
    return this.next(reply, timeoutMs);
  }

  /** Asks the child to close cleanly (a PGlite folder must be closed to be reused); kills it if it hangs. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    try {
      if (this.process.connected) await this.ask({ kind: "stop" }, "stopped", 30_000);
    } catch {
      this.process.kill("SIGKILL");
    }
    const killer = setTimeout(() => this.process.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}
