import { relative, sep } from "node:path";
import { watch, type FSWatcher } from "chokidar";

/** A workspace plug the deployment runs, as `care dev` watches and rebuilds it. */
export interface DevPlug {
  id: string;
  packageName: string;
  dir: string;
}

/** What changed in one quiet spell: files by plug (relative to its folder), and plug.config.ts. */
export interface ChangeBatch {
  /** When the first change of the batch was seen (performance.now()). */
  firstSeen: number;
  config: boolean;
  plugs: Map<DevPlug, Set<string>>;
}

/** How long the files must stay quiet before a rebuild: an editor's save or a `git checkout` is one batch. */
const quietMs = 60;

/**
 * Watches each plug's src/, migrations/ and package.json and the deployment's plug.config.ts
 * (chokidar: Node 20's recursive fs.watch on Linux misses folders created after it started), and
 * calls `onBatch` after a quiet spell. Generated files are left out: `care dev` writes them itself.
 */
export class ChangeWatcher {
  private readonly watcher: FSWatcher;
  private plugs: DevPlug[] = [];
  private batch: ChangeBatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly scanned: Promise<void>;

  constructor(
    private readonly configFile: string,
    private readonly onBatch: (batch: ChangeBatch) => void,
  ) {
    this.watcher = watch(configFile, { ignoreInitial: true, ignored: (path) => isIgnored(path) });
    this.scanned = new Promise((resolve) => this.watcher.once("ready", () => resolve()));
    for (const event of ["add", "change", "unlink"] as const) this.watcher.on(event, (path) => this.seen(path));
  }

  /** Watches these plugs from now on (after a sync, the deployment's list may have changed). */
  setPlugs(plugs: DevPlug[]): void {
    const paths = (list: DevPlug[]) =>
      list.flatMap((plug) => ["src", "migrations", "package.json"].map((part) => `${plug.dir}${sep}${part}`));
    const next = new Set(paths(plugs));
    const gone = paths(this.plugs).filter((path) => !next.has(path));
    if (gone.length) this.watcher.unwatch(gone);
    this.watcher.add([...next]);
    this.plugs = plugs;
  }

  watchedPlugs(): DevPlug[] {
    return this.plugs;
  }

  /** Resolves once chokidar has read the folders it watches (a change before that is not seen). */
  ready(): Promise<void> {
    return this.scanned;
  }

  close(): Promise<void> {
    clearTimeout(this.timer);
    return this.watcher.close();
  }

  private seen(path: string): void {
    const batch = (this.batch ??= { firstSeen: performance.now(), config: false, plugs: new Map() });
    if (path === this.configFile) batch.config = true;
    const plug = this.plugs.find((each) => path.startsWith(`${each.dir}${sep}`));
    if (plug) batch.plugs.set(plug, (batch.plugs.get(plug) ?? new Set()).add(relative(plug.dir, path).split(sep).join("/")));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.batch = undefined;
      this.onBatch(batch);
    }, quietMs);
  }
}

/** Generated files (written by `care dev` itself), dependencies and editors' scratch files. */
function isIgnored(path: string): boolean {
  return /(^|[/\\])(node_modules|dist|\.turbo)([/\\]|$)|tables\.generated\.ts$|\.sw[px]$|~$|[/\\]\.#/.test(path);
}
