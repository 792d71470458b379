import { describe, expect, it } from "vitest";
import { z } from "zod";
import { preparePlugs, type ManifestPlug } from "../src/tooling.js";
import { secret } from "@care/plug-api";
import { fixturePlug } from "./fixture-plug.js";

const prepare = (plugs: ManifestPlug[], env: NodeJS.ProcessEnv = {}) => preparePlugs({ deployment: "checks", plugs }, env);
const problemsOf = (promise: Promise<unknown>) =>
  promise.then(
    () => [] as string[],
    (error: { problems?: string[]; message: string }) => error.problems ?? [error.message],
  );

describe("checks before anything runs", () => {
  it("orders plugs so that dependencies start first", async () => {
    const base = await fixturePlug({ id: "base" });
    const middle = await fixturePlug({ id: "middle", dependencies: { base: "^1.0.0" } });
    const top = await fixturePlug({ id: "top", dependencies: { middle: "^1.0.0", base: "1.x" } });
    const { plugs } = await prepare([{ plug: top }, { plug: middle }, { plug: base }]);
    expect(plugs.map((plug) => plug.id)).toEqual(["base", "middle", "top"]);
  });

  it("names a dependency cycle", async () => {
    const a = await fixturePlug({ id: "alpha", dependencies: { beta: "*" } });
    const b = await fixturePlug({ id: "beta", dependencies: { gamma: "*" } });
    const c = await fixturePlug({ id: "gamma", dependencies: { alpha: "*" } });
    expect(await problemsOf(prepare([{ plug: a }, { plug: b }, { plug: c }]))).toEqual([
      "plugs depend on each other in a cycle: alpha → beta → gamma → alpha; break it",
    ]);
  });

  it("refuses an unsatisfied core range, a missing or too old dependency and a duplicate id, all in one run", async () => {
    const future = await fixturePlug({ id: "future", core: "^9.0.0" });
    const needy = await fixturePlug({ id: "needy", dependencies: { absent: "^1.0.0", old: "^2.0.0" } });
    const old = await fixturePlug({ id: "old", version: "1.4.0" });
    const twin = await fixturePlug({ id: "old", version: "1.0.0" });
    const problems = await problemsOf(prepare([{ plug: future }, { plug: needy }, { plug: old }, { plug: twin }]));
    expect(problems).toEqual([
      expect.stringMatching(/^plug future \(@fixtures\/future@1\.0\.0\) supports core \^9\.0\.0, but this core is \d+\.\d+\.\d+$/),
      'plug id "old" is used twice: by @fixtures/old and @fixtures/old; give one another id',
      "plug needy needs plug absent (^1.0.0), which this deployment does not list",
      "plug needy needs old ^2.0.0, but the deployment has old 1.4.0",
    ]);
  });

  it("refuses a package that is not a plug, naming it", async () => {
    const plain = { kind: "care-plug", package: { name: "left-pad", version: "1.0.0" } } as never;
    expect(await problemsOf(prepare([{ plug: plain }]))).toEqual([
      'left-pad is not a plug: its package.json has no "care": { "plug": { ... } } block',
    ]);
  });

  it("finds a gap and an overlap in an upgrade chain before anything runs", async () => {
    const gap = await fixturePlug({
      id: "gappy",
      version: "1.3.0",
      install: "create table t (id int);",
      steps: { "1.0.0_1.1.0": "", "1.2.0_1.3.0": "" },
    });
    const overlap = await fixturePlug({
      id: "overlap",
      version: "1.2.0",
      install: "create table t (id int);",
      steps: { "1.0.0_1.2.0": "", "1.1.0_1.2.0": "" },
    });
    const past = await fixturePlug({ id: "past", version: "1.5.0", install: "create table t (id int);", steps: { "1.0.0_2.0.0": "" } });
    const badName = await fixturePlug({ id: "badname", install: "create table t (id int);", steps: { "v1-to-v2": "" } });
    expect(await problemsOf(prepare([{ plug: gap }, { plug: overlap }, { plug: past }, { plug: badName }]))).toEqual([
      "plug gappy: the upgrade chain has a gap: nothing goes from 1.1.0 to 1.2.0; add upgrade/1.1.0_1.2.0.sql",
      "plug overlap: upgrade steps 1.0.0_1.2.0 and 1.1.0_1.2.0 overlap; each version may start one step only",
      "plug past: upgrade step 1.0.0_2.0.0 goes past the package's version 1.5.0",
      'plug badname: upgrade step "v1-to-v2" is not named <from>_<to> with full versions, e.g. upgrade/1.0.0_1.1.0.sql',
    ]);
  });
});

describe("configs", () => {
  const withConfig = (id: string, config: z.ZodType) => fixturePlug({ id, config });

  it("reports the config problems of three plugs at once, each with plug id and key path", async () => {
    const sms = await withConfig("sms", z.object({ SERVICE_URL: z.url(), VALUE_1_MAX: z.number().int().max(100) }));
    const lab = await withConfig("lab", z.object({ units: z.object({ glucose: z.enum(["mmol/L", "mg/dL"]) }) }));
    const idlink = await withConfig("idlink", z.object({ API_KEY: secret(z.string().min(20)) }));
    const problems = await problemsOf(
      prepare(
        [
          { plug: sms, configs: { SERVICE_URL: "not a url", VALUE_1_MAX: 1000 } },
          { plug: lab, configs: { units: { glucose: "grains" } } },
          { plug: idlink, configs: { API_KEY: { kind: "env", name: "IDLINK_KEY" } } },
        ],
        {},
      ),
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^plug sms: config SERVICE_URL: /);
    expect(problems[1]).toMatch(/^plug sms: config VALUE_1_MAX: .*100/);
    expect(problems[2]).toMatch(/^plug lab: config units\.glucose: /);
    expect(problems[3]).toMatch(/^plug idlink: config API_KEY: .* \(set environment variable IDLINK_KEY\)$/);
  });

  it("never shows a secret's value in an error", async () => {
    const idlink = await withConfig("idlink", z.object({ API_KEY: secret(z.string().regex(/^key_/)), TOKEN: z.string().min(30) }));
    const problems = await problemsOf(
      prepare([{ plug: idlink, configs: { API_KEY: { kind: "env", name: "IDLINK_KEY" }, TOKEN: { kind: "env", name: "IDLINK_TOKEN" } } }], {
        IDLINK_KEY: "sk-live-123456",
        IDLINK_TOKEN: "tok-secret-99",
      }),
    );
    expect(problems).toEqual([
      "plug idlink: config API_KEY: Invalid string: must match pattern /^key_/ (from environment variable IDLINK_KEY)",
      "plug idlink: config TOKEN: Too small: expected string to have >=30 characters (from environment variable IDLINK_TOKEN)",
    ]);
    expect(problems.join("\n")).not.toMatch(/sk-live|tok-secret/);
  });

  it("says why a value from the environment is invalid, with the variable's name and code", async () => {
    const lab = await withConfig("lab", z.object({ RETRIES: z.number().int() }));
    const failure = await prepare([{ plug: lab, configs: { RETRIES: { kind: "env", name: "LAB_RETRIES" } } }], {
      LAB_RETRIES: "three",
    }).catch((error: { found: Array<{ code: string; message: string }> }) => error.found);
    expect(failure).toEqual([
      {
        code: "config_value_invalid",
        plug: "lab",
        severity: "error",
        message: "plug lab: config RETRIES: Invalid input: expected number, received string (from environment variable LAB_RETRIES)",
      },
    ]);
  });

  it("gives a reason that shows no secret when the plug's rule quotes the value", async () => {
    const quoting = z
      .string()
      .refine((value) => value.startsWith("key_"), { error: (issue) => `"${String(issue.input)}" does not start with key_` });
    const idlink = await withConfig("idlink", z.object({ API_KEY: secret(quoting) }));
    const problems = await problemsOf(
      prepare([{ plug: idlink, configs: { API_KEY: { kind: "env", name: "IDLINK_KEY" } } }], { IDLINK_KEY: "sk-live-123456" }),
    );
    expect(problems).toEqual([
      "plug idlink: config API_KEY: is not valid: it breaks the plug's rule for this setting (the rule's message is not shown, as it " +
        "quotes the secret value) (from environment variable IDLINK_KEY)",
    ]);
  });

  it("merges the deployment's values over defaults, reads env() now and calls functions", async () => {
    const sms = await withConfig(
      "sms",
      z.object({ SENDER: z.string().default("Care"), LIMIT: z.number().default(5), KEY: secret(z.string()) }),
    );
    const { configs } = await prepare([{ plug: sms, configs: { LIMIT: () => 7, KEY: { kind: "env", name: "SMS_KEY" } } }], {
      SMS_KEY: "from-env",
    });
    expect(configs.get("sms")?.values).toEqual({ SENDER: "Care", LIMIT: 7, KEY: "from-env" });
  });

  it("refuses a misspelt setting instead of silently using the default", async () => {
    const sms = await withConfig("sms", z.object({ SENDER: z.string().default("Care"), LIMIT: z.number().default(5) }));
    expect(await problemsOf(prepare([{ plug: sms, configs: { SENDR: "Clinic", LIMIT: 3 } }]))).toEqual([
      "plug sms: config SENDR: is not a setting of this plug; its settings are SENDER, LIMIT",
    ]);
  });

  it("keeps a secret's mark through optional, default and transform wrappers", async () => {
    const vault = await withConfig(
      "vault",
      z.object({
        A: secret(z.string().min(30)).optional(),
        B: secret(z.string().min(30)).default("x".repeat(40)),
        C: secret(z.string().min(30)).transform((value) => value.trim()),
      }),
    );
    const fromEnv = (name: string) => ({ kind: "env", name }) as const;
    const problems = await problemsOf(
      prepare([{ plug: vault, configs: { A: fromEnv("VAULT_A"), B: fromEnv("VAULT_B"), C: fromEnv("VAULT_C") } }], {
        VAULT_A: "short-secret-a",
        VAULT_B: "short-secret-b",
        VAULT_C: "short-secret-c",
      }),
    );
    expect(problems).toEqual([
      "plug vault: config A: Too small: expected string to have >=30 characters (from environment variable VAULT_A)",
      "plug vault: config B: Too small: expected string to have >=30 characters (from environment variable VAULT_B)",
      "plug vault: config C: Too small: expected string to have >=30 characters (from environment variable VAULT_C)",
    ]);
  });
});
