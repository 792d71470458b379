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
const fromEnv = (name: string) => ({ kind: "env", name }) as const;

const mailerConfig = z.object({
  apiKey: secret(z.string()).optional(),
  smtp: z.object({ host: z.string(), password: secret(z.string()) }).optional(),
  relays: z.array(z.union([z.object({ url: z.string() }), z.object({ url: z.string(), token: secret(z.string()) })])).default([]),
  tenants: z.record(z.string(), z.object({ key: secret(z.string()) })).default({}),
});

describe("a secret field's value in plug.config.ts", () => {
  it("is refused when written there, at any depth, naming the variable to use instead", async () => {
    const mailer = await fixturePlug({ id: "mailer", config: mailerConfig });
    const problems = await problemsOf(
      prepare([
        {
          plug: mailer,
          configs: {
            apiKey: "sk-live-literal-1",
            smtp: { host: "smtp.example", password: "hunter2-literal" },
            relays: [{ url: "https://relay.example", token: "relay-literal-token" }],
            tenants: { northClinic: { key: fromEnv("MAILER_NORTH_KEY") } },
          },
        },
      ]),
    );
    const advice = (path: string, name: string) =>
      `plug mailer: config ${path}: is a secret, so its value must come from the environment: write env("${name}") in plug.config.ts and ` +
      `set that variable where the deployment runs`;
    expect(problems).toEqual([
      advice("apiKey", "MAILER_API_KEY"),
      advice("smtp.password", "MAILER_SMTP_PASSWORD"),
      advice("relays.0.token", "MAILER_RELAYS_0_TOKEN"),
    ]);
    expect(problems.join("\n")).not.toMatch(/literal/);
  });

  it("is refused when a function gives it: what the function returns is code in the bundle, not the environment", async () => {
    const mailer = await fixturePlug({ id: "mailer", config: mailerConfig });
    const problems = await problemsOf(prepare([{ plug: mailer, configs: { apiKey: () => "sk-live-from-a-function" } }]));
    expect(problems).toEqual([
      "plug mailer: config apiKey: is a secret, so its value must come from the environment (a function is code in the bundle, not the " +
        'environment): write env("MAILER_API_KEY") in plug.config.ts and set that variable where the deployment runs',
    ]);
  });

  it("is read from the environment at any depth, and a secret too short to redact safely is refused", async () => {
    const mailer = await fixturePlug({ id: "mailer", config: mailerConfig });
    const configs = {
      smtp: { host: "smtp.example", password: fromEnv("MAILER_SMTP_PASSWORD") },
      tenants: { north: { key: fromEnv("MAILER_NORTH_KEY") } },
    };
    const { configs: resolved } = await prepare([{ plug: mailer, configs }], {
      MAILER_SMTP_PASSWORD: "long-enough-password",
      MAILER_NORTH_KEY: "north-key-123",
    });
    expect(resolved.get("mailer")?.values).toEqual({
      smtp: { host: "smtp.example", password: "long-enough-password" },
      relays: [],
      tenants: { north: { key: "north-key-123" } },
    });

    const short = await problemsOf(
      prepare([{ plug: mailer, configs }], { MAILER_SMTP_PASSWORD: "pw1", MAILER_NORTH_KEY: "north-key-123" }),
    );
    expect(short).toEqual([
      "plug mailer: config smtp.password: is a secret shorter than 8 characters; use a longer one (every log line has each secret " +
        "replaced by [secret], and a short one would blank out ordinary words)",
    ]);
  });
});
