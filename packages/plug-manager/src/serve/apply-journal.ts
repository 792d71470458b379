import { open, readFile } from "node:fs/promises";
import { applyRecordSchema, type ApplyRecord } from "@care/runtime/supervision";
import type { SiteFiles } from "./site-files.js";

/**
 * applies.jsonl: every apply, one JSON ApplyRecord per line, appended each time the record changes
 * (a step starts or ends); the last line for an id wins. Appending never rewrites what is there, so
 * a crash loses at most the line being written, which readers skip.
 */
export class ApplyJournal {
  private appending: Promise<void> = Promise.resolve();

  constructor(private readonly site: SiteFiles) {}

  /** Appends the record as it is now; resolves once it is on disk. */
  write(record: ApplyRecord): Promise<void> {
    const line = `${JSON.stringify(applyRecordSchema.parse(record))}\n`;
    const next = this.appending.then(async () => {
      const handle = await open(this.site.journal, "a", 0o600);
      try {
        await handle.write(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    this.appending = next.catch(() => {});
    return next;
  }

  /** Every apply as it last stood, newest first. */
  async records(): Promise<ApplyRecord[]> {
    const text = await readFile(this.site.journal, "utf8").catch(() => "");
    const byId = new Map<string, ApplyRecord>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      const parsed = applyRecordSchema.safeParse(parseJson(line));
      if (!parsed.success) continue;
      byId.delete(parsed.data.id);
      byId.set(parsed.data.id, parsed.data);
    }
    return [...byId.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  async find(id: string): Promise<ApplyRecord | undefined> {
    return (await this.records()).find((record) => record.id === id);
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
