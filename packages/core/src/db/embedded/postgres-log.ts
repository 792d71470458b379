import type { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * PGlite's file system for a data folder, keeping PostgreSQL's last fatal log line: PGlite prints
 * the server log only in debug mode and reports a failed start as "PGlite failed to initialize
 * properly", while the log says why ("FATAL: incorrect checksum in control file").
 */
export class LoggedNodeFS extends NodeFS {
  /** The last FATAL or PANIC line PostgreSQL logged, without its time stamp. */
  lastFatal: string | undefined;

  override async init(pg: PGlite, opts: Parameters<NodeFS["init"]>[1]): ReturnType<NodeFS["init"]> {
    const result = await super.init(pg, opts);
    const print = result.emscriptenOpts.printErr;
    result.emscriptenOpts.printErr = (text: string) => {
      const fatal = /\b(FATAL|PANIC):\s+(.*)$/.exec(text);
      if (fatal) this.lastFatal = `${fatal[1]}: ${fatal[2]}`;
      print?.(text);
    };
    return result;
  }
}
