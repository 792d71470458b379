import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The site folder: everything a site keeps beside its database (staged archives, releases, the apply journal). */
export const siteDirOf = (dataDir: string): string => dirname(resolve(dataDir));

// sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
const longestSocketPath = 100;

/**
 * Where the supervisor of a site listens: `supervisor.sock` in the site folder, or, when that path is
 * too long for a unix socket, a name in the temporary folder derived from the site folder (so the
 * supervisor and the deployment it spawns agree on it without being told).
 */
export function supervisorSocketPath(siteDir: string): string {
  const site = resolve(siteDir);
  const beside = join(site, "supervisor.sock");
  if (Buffer.byteLength(beside) <= longestSocketPath) return beside;
  const digest = createHash("sha256").update(site).digest("hex").slice(0, 16);
  return join(tmpdir(), `care-${digest}`, "supervisor.sock");
}
