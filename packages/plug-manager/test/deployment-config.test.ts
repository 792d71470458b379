import { describe, expect, it } from "vitest";
import { defineDeployment, env, plug, validateDeploymentConfig } from "../src/index.js";

describe("plug.config.ts helpers", () => {
  it("accept a deployment with plugs, configs and environment references", () => {
    const config = defineDeployment({
      name: "district",
      plugs: [
        plug({
          name: "notify",
          package: "@care-plugs/notify",
          version: "^1.2.0",
          configs: { SERVICE_API_KEY: env("NOTIFY_API_KEY"), VALUE_1_MAX: 10 },
        }),
      ],
    });
    expect(validateDeploymentConfig(config, "apps/district/plug.config.ts").plugs[0]?.configs?.SERVICE_API_KEY).toEqual({
      kind: "env",
      name: "NOTIFY_API_KEY",
    });
  });

  it("list every problem with its path and the file", () => {
    const check = () =>
      validateDeploymentConfig(
        {
          name: "District 9",
          plugs: [
            { name: "lab", package: "@care-plugs/lab" },
            { name: "lab", package: "" },
            { name: "Bad-Id", package: "x" },
          ],
        },
        "apps/d/plug.config.ts",
      );
    expect(check).toThrow(/apps\/d\/plug\.config\.ts has 4 problem\(s\)/);
    expect(check).toThrow(/name: a deployment name is lowercase/);
    expect(check).toThrow(/plugs\.1\.name: plug id "lab" is already used by plugs\[0\]/);
    expect(check).toThrow(/plugs\.1\.package: name the package/);
    expect(check).toThrow(/plugs\.2\.name: a plug id is 1-32 lowercase/);
  });

  it("refuse an environment variable name that cannot exist", () => {
    expect(() => env("notify-key")).toThrow('env("notify-key"): an environment variable name is upper case letters');
  });
});
