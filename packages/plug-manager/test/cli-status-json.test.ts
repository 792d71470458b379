import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateManifest } from "../src/sync/generate-manifest.js";
import { createLinkedWorkspace, packageName, runCare } from "./cli-linked-workspace.js";

/** `care status --json`: one JSON document of what the lines say, for scripts. */
describe("care status --json", () => {
  let root: string;
  const plugs = [{ id: "alpha", version: "0.1.0", migrations: { "install.sql": "create table items (id uuid primary key);\n" } }];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "care-cli-status-"));
    await createLinkedWorkspace(root, "site", plugs);
    // What `care sync` writes last: the manifest the deployment (and care status) loads.
    const manifest = generateManifest(
      { name: "site", plugs: plugs.map((plug) => ({ name: plug.id, package: packageName(plug) })) } as never,
      plugs.map((plug) => ({ id: plug.id, packageName: packageName(plug) })),
    );
    await writeFile(join(root, "apps/site/src/plugs.generated.ts"), manifest);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("prints the plugs with their installed and bundled versions, pending steps, and why no running deployment answered", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCare(root, ["status", "-d", "site", "--json", "--url", url]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      deployment: "site",
      database: { location: expect.any(String) },
      plugs: [
        {
          id: "alpha",
          package: packageName(plugs[0]!),
          installed: null,
          bundled: "0.1.0",
          pending: ["install.sql"],
          disabled: false,
          development: false,
        },
      ],
      detached: [],
      running: { url, unreachable: "nothing listens there" },
    });
  }, 300_000);
});

/** A port that was free a moment ago, so that nothing answers there. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
