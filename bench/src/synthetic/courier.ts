import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { linkCarePackages } from "./generate.js";

/** The two courier plugs: the same handler, at the deployment's concurrency and one at a time. */
export const courierPlugs = { wide: "courier_wide", single: "courier_single" } as const;

/**
 * A deployment of two plugs that, like an SMS plug, send each new patient to a provider over
 * HTTP (`BENCH_PROVIDER_URL`, with the event id as Idempotency-Key) and record the event id in
 * their own table. `courier_single` subscribes with concurrency 1: delivery one at a time, as the
 * dispatcher delivered before it ran several at once. Answers the manifest module's URL.
 */
export async function generateCourierDeployment(parent: string): Promise<string> {
  const dir = join(parent, "deployment-couriers");
  await linkCarePackages(dir);
  for (const [id, concurrency] of [
    [courierPlugs.wide, undefined],
    [courierPlugs.single, 1],
  ] as const) {
    for (const [path, text] of Object.entries(courierFiles(id, concurrency))) {
      const file = join(dir, "node_modules", "@bench-plugs", id, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  }
  await writeFile(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  const manifest = `import wide from "@bench-plugs/${courierPlugs.wide}";
import single from "@bench-plugs/${courierPlugs.single}";

export default {
  deployment: "bench-couriers",
  plugs: [{ id: "${courierPlugs.wide}", plug: wide }, { id: "${courierPlugs.single}", plug: single }],
};
`;
  await writeFile(join(dir, "manifest.js"), manifest);
  return pathToFileURL(join(dir, "manifest.js")).href;
}

function courierFiles(id: string, concurrency: number | undefined): Record<string, string> {
  const packageJson = {
    name: `@bench-plugs/${id}`,
    version: "1.0.0",
    license: "Apache-2.0",
    type: "module",
    main: "./index.js",
    exports: { ".": "./index.js", "./package.json": "./package.json" },
    care: { plug: { id, core: ">=0.1.0 <1.0.0", contract: "^1.0.0" } },
  };
  const index = `import { definePlug } from "@care/plug-sdk";
import manifest from "./package.json" with { type: "json" };

export default definePlug({
  package: manifest,
  migrations: new URL("./migrations/", import.meta.url),
  on: {
    "patient.created": {
      mode: "durable",${concurrency === undefined ? "" : `\n      concurrency: ${concurrency},`}
      async handle(payload, context) {
        const response = await fetch(process.env.BENCH_PROVIDER_URL, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": context.eventId },
          body: JSON.stringify({ patient: payload.patient.id }),
        });
        if (!response.ok) throw new Error(\`provider answered \${response.status}\`);
        await response.text();
        await context.db
          .insertInto("sent")
          .values({ event_id: context.eventId })
          .onConflict((conflict) => conflict.column("event_id").doNothing())
          .execute();
      },
    },
  },
});
`;
  return {
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "index.js": index,
    "migrations/install.sql": "create table sent (\n  event_id uuid primary key,\n  sent_at timestamptz not null default now()\n);\n",
  };
}
