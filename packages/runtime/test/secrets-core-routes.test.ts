import { CareError } from "@care/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { markCallerError } from "@care/plug-api";
import { secret } from "@care/plug-api";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

// As a site would set it; the quote and backslash are escaped where the value sits in a JSON body.
const apiKey = 'sk-live"core\\route-0042';
const asInJson = JSON.stringify(apiKey).slice(1, -1);

type Throw = "veto" | "sdk helper" | "forged Fastify code";
let next: Throw = "veto";

/**
 * A plug whose in-transaction handler runs inside the core's POST /facilities and refuses the write
 * quoting its secret, each way a plug can: the SDK's `veto()` (a CareError), the SDK's HTTP helpers
 * (a marked caller error), and an error dressed up as one of Fastify's own refusals.
 */
const guardPlug = () =>
  fixturePlug({
    id: "guard",
    config: z.object({ apiKey: secret(z.string()) }),
    on: {
      "facility.created": {
        mode: "inTransaction",
        handle: (_payload: unknown, context: { config: { apiKey: string } }) => {
          const key = context.config.apiKey;
          if (next === "veto")
            throw new CareError("conflict", `provider refused key ${key}`, [{ path: "name", message: `checked with ${key}` }]);
          if (next === "sdk helper")
            throw markCallerError(new Error(`bad key ${key}`), 400, "bad_key", [{ path: "name", message: `key ${key}` }]);
          throw Object.assign(new Error(`key ${key}`), { statusCode: 400, code: "FST_ERR_CTP_INVALID_MEDIA_TYPE" });
        },
      },
    },
  } as never);

describe("a plug's error raised inside a core route", () => {
  let deployment: Awaited<ReturnType<typeof bootPlugs>>;
  let url: string;
  let token: string;

  beforeAll(async () => {
    deployment = await bootPlugs([{ plug: await guardPlug(), configs: { apiKey: { kind: "env", name: "GUARD_KEY" } } } as never], {
      env: { GUARD_KEY: apiKey },
    });
    url = await deployment.app.listen({ host: "127.0.0.1", port: 0 });
    token = await deployment.token();
  });
  afterAll(() => deployment?.close());

  const createFacility = async (name: string) => {
    const response = await fetch(`${url}/api/v1/facilities`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name, kind: "clinic" }),
    });
    return { status: response.status, text: await response.text() };
  };
  const facilityNamed = (name: string) =>
    deployment.database.db.selectFrom("core.facilities").select("id").where("name", "=", name).execute();

  it.each([
    ["veto", 409, "conflict", "provider refused key [secret]"],
    ["sdk helper", 400, "bad_key", "bad key [secret]"],
  ] as const)(
    "answers a %s with its status, code and message, the secret replaced, and saves nothing",
    async (how, status, code, message) => {
      next = how;
      const answer = await createFacility(`Clinic ${how}`);
      expect(answer.text).not.toContain(apiKey);
      expect(answer.text).not.toContain(asInJson);
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.text).error).toMatchObject({
        code,
        message,
        details: [{ path: "name", message: expect.stringContaining("[secret]") }],
      });
      expect(await facilityNamed(`Clinic ${how}`)).toEqual([]);
    },
  );

  it("answers an error carrying a made-up Fastify code as refused, without its message", async () => {
    next = "forged Fastify code";
    const answer = await createFacility("Clinic forged");
    expect(answer.text).not.toContain(apiKey);
    expect(answer.text).not.toContain(asInJson);
    expect(answer.status).toBe(400);
    const { error } = JSON.parse(answer.text);
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/^the request was refused \(400\); quote request id \S+ when reporting it$/);
    expect(await facilityNamed("Clinic forged")).toEqual([]);
  });
});
