import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let scratch: string;

/**
 * A deployment's plug.config.ts as `care sync` makes it checkable: the plug's config schema (with
 * z.coerce fields), PlugConfigs filled for its package, then `configs` written right and wrong.
 * Inside the package folder, so zod and the helpers resolve as they do for a deployment.
 */
const configFile = (configs: string) => `import { z } from "zod";
import { env, plug, type PlugConfigInput } from "../src/deployment-config.js";

const vitalsConfig = z.object({
  retries: z.coerce.number().int().default(3),
  timeoutMs: z.coerce.number(),
  enabledSince: z.coerce.date().optional(),
  label: z.string().default("vitals"),
  limits: z.object({ perMinute: z.coerce.number() }).optional(),
});

declare module "../src/deployment-config.js" {
  interface PlugConfigs {
    "@care-plugs/vitals": PlugConfigInput<{ config: typeof vitalsConfig }>;
  }
}

export const entry = plug({ name: "vitals", package: "@care-plugs/vitals", configs: ${configs} });
void env;
`;

async function typecheck(configs: string): Promise<{ code: number; output: string }> {
  await writeFile(join(scratch, "plug.config.ts"), configFile(configs));
  try {
    await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", scratch], { cwd: packageDir });
    return { code: 0, output: "" };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

beforeAll(async () => {
  scratch = await mkdtemp(join(packageDir, ".coerced-config-"));
  // The workspace's compiler settings, as the package's own tsconfig has them.
  await writeFile(join(scratch, "tsconfig.json"), JSON.stringify({ extends: "../../../tsconfig.base.json", include: ["plug.config.ts"] }));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("configs of z.coerce fields in plug.config.ts", () => {
  it("take the field's value type, or env(...), and tsc refuses anything else", async () => {
    const right = await typecheck(
      '{ retries: 5, timeoutMs: env("VITALS_TIMEOUT_MS"), enabledSince: new Date(0), limits: { perMinute: env("PER_MINUTE") } }',
    );
    expect(right.code, right.output).toBe(0);

    const wrong = await typecheck('{ retries: "five", timeoutMs: true, enabledSince: 3, limits: { perMinute: "ten" } }');
    expect(wrong.code).not.toBe(0);
    // One error per wrong value: none of them is typed `unknown` any more.
    expect(wrong.output).toMatch(/error TS2322: Type 'string' is not assignable to type [^\n]*number/);
    expect(wrong.output).toMatch(/error TS2322: Type 'boolean' is not assignable to type [^\n]*number/);
    expect(wrong.output).toMatch(/error TS2322: Type 'number' is not assignable to type [^\n]*Date/);
    expect(wrong.output.match(/error TS/g), wrong.output).toHaveLength(4);
  }, 120_000);
});
