import type { ApplyRecord, ApplyStepName } from "@care/runtime/supervision";
import type { ApplyJournal } from "./apply-journal.js";

/** A step that failed: its name and what to say about it. */
export class StepFailure extends Error {
  constructor(
    readonly step: ApplyStepName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One apply's record as it runs: each change to a step is journalled before the work goes on. */
export class ApplyRun {
  constructor(
    private readonly journal: ApplyJournal,
    readonly record: ApplyRecord,
  ) {}

  /** Runs one step: journalled as running, then ok with what `work` answers, or failed (a StepFailure is thrown). */
  async step(name: ApplyStepName, work: () => Promise<string | undefined>, say: (line: string) => void): Promise<void> {
    const step = { name, status: "running" as const, startedAt: now(), finishedAt: null, detail: null };
    this.record.steps.push(step);
    await this.save();
    say(`▸ ${name}`);
    try {
      const detail = await work();
      Object.assign(this.record.steps.at(-1)!, { status: "ok", finishedAt: now(), detail: detail ?? null });
      await this.save();
      say(`  ✓ ${name}${detail ? `: ${detail}` : ""}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      Object.assign(this.record.steps.at(-1)!, { status: "failed", finishedAt: now(), detail: message });
      await this.save();
      say(`  ✗ ${name}: ${message}`);
      throw error instanceof StepFailure ? error : new StepFailure(name, message, { cause: error });
    }
  }

  /** A step that did not need to run, said why. */
  async skip(name: ApplyStepName, detail: string): Promise<void> {
    this.record.steps.push({ name, status: "skipped", startedAt: now(), finishedAt: now(), detail });
    await this.save();
  }

  /** The step that was running when the work stopped, if one was. */
  get runningStep(): ApplyStepName | undefined {
    return this.record.steps.findLast((step) => step.status === "running")?.name;
  }

  async finish(result: ApplyRecord["result"], failedStep: ApplyStepName | null, message: string | null): Promise<void> {
    Object.assign(this.record, { result, failedStep, message, finishedAt: now() });
    await this.save();
  }

  save(): Promise<void> {
    return this.journal.write(this.record);
  }
}

const now = () => new Date().toISOString();
