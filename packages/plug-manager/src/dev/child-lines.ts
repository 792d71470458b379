/** What `care dev` makes of one line the deployment printed. */
export type ChildLine =
  | { kind: "serving"; url: string }
  | { kind: "start_failed"; message: string }
  | { kind: "install_changed"; plugId: string }
  | { kind: "other" };

const levels: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** The runtime's banner, its start failure and its warning for an edited install.sql, recognised in its output. */
export function recogniseLine(line: string): ChildLine {
  const serving = /^Care deployment "[^"]+" is running at (\S+)/.exec(line);
  if (serving) return { kind: "serving", url: serving[1]! };
  const failed = /^Care could not start: (.*)$/.exec(line);
  if (failed) return { kind: "start_failed", message: failed[1]! };
  const edited = /plug (\S+): install\.sql changed after it ran/.exec(line);
  if (edited) return { kind: "install_changed", plugId: edited[1]! };
  return { kind: "other" };
}

/**
 * A log line readable in a terminal: the deployment's logger writes JSON lines when its output is
 * not a terminal (here it is a pipe), so `care dev` shows their level, plug and message.
 */
export function readableLine(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; plug?: string; err?: { message?: string } };
    if (typeof entry.msg !== "string") return line;
    const level = (levels[entry.level ?? 30] ?? "info").padEnd(5);
    const plug = entry.plug ? `[${entry.plug}] ` : "";
    const error = entry.err?.message && !entry.msg.includes(entry.err.message) ? `: ${entry.err.message}` : "";
    return `${level} ${plug}${entry.msg}${error}`;
  } catch {
    return line;
  }
}
