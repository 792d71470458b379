import type { ApplyRecord } from "@care/runtime/supervision";
import { ApplyJournal } from "./apply-journal.js";
import type { ApplyRun } from "./apply-run.js";
import { ProcessRecord } from "./leftover-processes.js";
import { ReleaseProcess } from "./release-process.js";
import { releaseDir } from "./releases.js";
import type { SiteFiles } from "./site-files.js";

export interface SupervisorOptions {
  site: SiteFiles;
  /** How long /health/ready must answer 200 after an apply's start. */
  healthWindowMs: number;
  /** How long a release may take to serve and be ready. */
  startTimeoutMs: number;
  print: (line: string) => void;
}

/** Crashes in a row after which the supervisor stops restarting, and how long a process must serve to end a series. */
const maxCrashes = 5;
const stableMs = 30_000;
const backoffMs = (crashes: number) => Math.min(1_000 * 2 ** (crashes - 1), 30_000);

/**
 * What `care serve` holds while it runs: the current release's process (restarted with backoff when
 * it crashes, given up after too many crashes in a row), the apply in progress, the journal and the
 * record of started processes. During an apply the pipeline owns the processes; it hands the one
 * that serves back with `adopt`.
 */
export class Supervisor {
  readonly journal: ApplyJournal;
  readonly processes: ProcessRecord;
  readonly startedAt = new Date().toISOString();
  /** The release that runs (releases/current), once there is one. */
  release: string | undefined;
  proc: ReleaseProcess | undefined;
  /** The new release's process during an apply, until it passes the health gate. */
  candidate: ReleaseProcess | undefined;
  applying: ApplyRun | undefined;
  /** Resolves with the exit code `care serve` ends with. */
  readonly ended: Promise<number>;
  private end!: (code: number) => void;
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  closing = false;

  constructor(readonly options: SupervisorOptions) {
    this.journal = new ApplyJournal(options.site);
    this.processes = new ProcessRecord(options.site);
    this.ended = new Promise((resolve) => (this.end = resolve));
  }

  get site(): SiteFiles {
    return this.options.site;
  }

  /** The environment of every process it starts: its own, with the data folder made absolute and the control socket named. */
  childEnv(): NodeJS.ProcessEnv {
    return { ...process.env, CARE_DATA_DIR: this.site.dataDir, CARE_SUPERVISOR_SOCKET: this.site.socket };
  }

  /**
   * Starts a process of `release` (not yet the kept one: see adopt). On probation (a release an apply
   * just migrated to) it refuses writes until `endProbation`: a failed gate then loses nothing acknowledged.
   */
  spawn(release: string, options: { probation?: boolean } = {}): ReleaseProcess {
    const dir = releaseDir(this.site, release);
    const env = { ...this.childEnv(), ...(options.probation && { CARE_START_ON_PROBATION: "1" }) };
    const proc = new ReleaseProcess({ release, dir, env, print: this.options.print });
    this.processes.add(proc.pid, dir);
    void proc.exited.then(() => this.processes.remove(proc.pid));
    return proc;
  }

  /** Keeps `proc` (of `release`) running from now on: a crash is restarted with backoff. */
  adopt(release: string, proc: ReleaseProcess): void {
    // A new release starts its own series of crashes.
    if (release !== this.release) this.crashes = 0;
    this.release = release;
    this.proc = proc;
    void proc.exited.then((how) => this.exitedByItself(proc, how));
  }

  /** Starts the current release and keeps it running. */
  run(release: string): ReleaseProcess {
    const proc = this.spawn(release);
    this.adopt(release, proc);
    return proc;
  }

  /** Stops the kept process (an apply's stop step, or shutting down); no restart follows. */
  async stopKept(): Promise<string | undefined> {
    clearTimeout(this.restartTimer);
    const proc = this.proc;
    this.proc = undefined;
    return proc?.stop();
  }

  /** SIGINT/SIGTERM: the process stops gracefully, then the supervisor ends with `code`. */
  async shutdown(code = 0): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.restartTimer);
    // An apply cut short here stays "running" in the journal: the next care serve rolls it back.
    await Promise.all([this.stopKept(), this.candidate?.stop()]);
    await this.processes.flushed();
    this.end(code);
  }

  /** The apply in progress, as GET /status shows it. */
  applyingRecord(): ApplyRecord | null {
    return this.applying?.record ?? null;
  }

  private exitedByItself(proc: ReleaseProcess, how: string): void {
    if (proc !== this.proc || proc.stopping || this.closing) return;
    this.proc = undefined;
    const release = this.release!;
    this.crashes = proc.servingSince !== undefined && Date.now() - proc.servingSince >= stableMs ? 1 : this.crashes + 1;
    if (this.crashes >= maxCrashes) {
      this.options.print(
        `care serve: release ${release} exited (${how}) ${this.crashes} times in a row; not restarting it. Its last lines are above. ` +
          "Fix what they name (or apply a release that works), then start care serve again",
      );
      void this.shutdown(1);
      return;
    }
    const delay = backoffMs(this.crashes);
    this.options.print(
      `care serve: release ${release} exited (${how}); restarting it in ${delay / 1000} s (crash ${this.crashes} of ${maxCrashes})`,
    );
    this.scheduleRestart(release, delay);
  }

  /** Restarts `release` after `delay`, unless something else runs by then; an apply in progress decides first. */
  private scheduleRestart(release: string, delay: number): void {
    this.restartTimer = setTimeout(() => {
      if (this.closing || this.proc !== undefined) return;
      if (this.applying) this.scheduleRestart(release, delay);
      else this.run(release);
    }, delay);
  }
}
