import { plugTypes } from "@care/plug-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { checkPlugs, PlugCheckError } from "../src/tooling.js";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

const notes = plugTypes<{ tables: { notes: { id: string; text: string } } }>();
const note = z.object({ id: z.string(), text: z.string() });

const addNote = notes.route.post(
  "/folders/:folder/notes",
  {
    summary: "Add a note",
    params: z.object({ folder: z.enum(["inbox", "archive"]) }),
    body: z.strictObject({ text: z.string().min(1) }),
    responses: { 201: note },
  },
  // The extra key is not in the response schema: the answer must not carry it.
  async ({ body, params }) => ({ id: `${params.folder}-1`, text: body.text.toUpperCase(), internal: "not for callers" }),
);
const listNotes = notes.route.get(
  "/notes",
  {
    summary: "List notes",
    query: z.object({ limit: z.coerce.number().int().min(1).optional() }),
    responses: { 200: z.object({ limit: z.number() }) },
  },
  ({ query }) => ({ limit: query.limit ?? 10 }),
);
const ping = notes.route.get("/ping", { summary: "Ping", responses: { 200: z.object({ pong: z.boolean() }) } }, () => ({ pong: true }));
const hook = notes.route.post(
  "/hook",
  {
    summary: "A provider's callback",
    public: { reason: "called by the provider, which has no account", authenticate: (request) => request.headers["x-key"] === "right" },
    responses: { 200: z.object({ actor: z.null() }) },
  },
  (_input, context) => ({ actor: context.actor }),
);

describe("typed plug routes", () => {
  let booted: Awaited<ReturnType<typeof bootPlugs>>;
  let token: string;
  beforeAll(async () => {
    booted = await bootPlugs([await fixturePlug({ id: "notes", routes: [addNote, listNotes, ping, hook] })]);
    token = await booted.token();
  });
  afterAll(() => booted.close());

  const call = (method: "GET" | "POST", url: string, payload?: Record<string, unknown>) =>
    booted.app.inject({
      method,
      url: `/api/plugs/notes${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload && { payload }),
    });

  it("hands the handler parsed input, answers with the single 2xx status and only the response schema's keys", async () => {
    const response = await call("POST", "/folders/inbox/notes", { text: "call back" });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: "inbox-1", text: "CALL BACK" });
    expect((await call("GET", "/notes?limit=3")).json()).toEqual({ limit: 3 });
  });

  it("refuses a bad body or path parameter before the handler with 400 validation_failed, naming each field", async () => {
    const body = await call("POST", "/folders/inbox/notes", { text: "", colour: "red" });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.code).toBe("validation_failed");
    expect(
      body
        .json()
        .error.details.map((detail: { path: string }) => detail.path)
        .sort(),
    ).toEqual(["colour", "text"]);
    const params = await call("POST", "/folders/trash/notes", { text: "x" });
    expect(params.statusCode).toBe(400);
    expect(params.json().error.details.map((detail: { path: string }) => detail.path)).toEqual(["folder"]);
  });

  it("answers 400 to an unknown query parameter, declared query or none", async () => {
    const misspelt = await call("GET", "/notes?limt=3");
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json().error.code).toBe("validation_failed");
    expect(misspelt.json().error.details.map((detail: { path: string }) => detail.path)).toEqual(["limt"]);
    const none = await call("GET", "/ping?facilityID=1");
    expect(none.statusCode).toBe(400);
    expect(JSON.stringify(none.json().error.details)).toContain("facilityID");
    expect((await call("GET", "/ping")).json()).toEqual({ pong: true });
  });

  it("runs a public route without a token, for nobody, once its own check accepts the caller", async () => {
    const open = { method: "POST" as const, url: "/api/plugs/notes/hook", payload: {} };
    expect((await booted.app.inject({ ...open, headers: { "x-key": "right" } })).json()).toEqual({ actor: null });
    expect((await booted.app.inject({ ...open, headers: { "x-key": "wrong" } })).statusCode).toBe(401);
  });
});

describe("the plug contract a plug was built for", () => {
  const manifestWith = (contract: string | undefined) => ({
    deployment: "contract",
    plugs: [
      {
        plug: {
          kind: "care-plug" as const,
          package: {
            name: "@x/old",
            version: "1.0.0",
            care: { plug: { id: "old", core: "*", ...(contract !== undefined && { contract }) } },
          },
        },
      },
    ],
  });
  const refusalOf = (contract: string | undefined) => {
    try {
      checkPlugs(manifestWith(contract), "0.1.0");
    } catch (error) {
      if (error instanceof PlugCheckError) return error.found;
      throw error;
    }
    return [];
  };

  it("refuses a plug that does not name its contract, saying what to add", () => {
    const [found] = refusalOf(undefined);
    expect(found).toMatchObject({ code: "plug_contract_missing", plug: "old" });
    expect(found?.hint).toMatch(/"contract": "\^1\.0\.0"/);
  });

  it("refuses a plug built for another contract, naming both and what to do", () => {
    const [found] = refusalOf("^2.0.0");
    expect(found).toMatchObject({ code: "plug_contract_incompatible", plug: "old" });
    expect(found?.message).toMatch(/built for plug contract \^2\.0\.0, but this runtime implements contract 1\.0\.0/);
    expect(found?.hint).toMatch(/rebuild the plug .* or pin a version of the plug built for contract 1\.0\.0/);
    expect(refusalOf("^1.0.0")).toEqual([]);
  });
});
