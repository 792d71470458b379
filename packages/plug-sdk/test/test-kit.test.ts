import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlug, plugTypes, veto, type PlugHealthAnswer } from "../src/index.js";
import { startTestDeployment, type TestDeployment } from "../src/testing/index.js";

const seen: string[] = [];
let failuresLeft = 0;

const auditConfig = z.object({ blockedName: z.string().default("Blocked") });
const kit = plugTypes<{ config: typeof auditConfig }>();
const whoami = kit.route.get(
  "/whoami",
  { summary: "Who calls", responses: { 200: z.object({ user: z.string().nullable() }) } },
  ({ actor }) => ({
    user: actor.kind === "user" ? actor.username : null,
  }),
);

/** A plug written the way an author would, exercising what the kit offers. */
const audit = kit.define({
  package: { name: "@kit/audit", version: "1.0.0", care: { plug: { id: "audit", core: "*", contract: "^1.0.0" } } },
  config: auditConfig,
  on: {
    "patient.created": {
      mode: "durable",
      handle: ({ patient }) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error("archive unreachable");
        }
        seen.push(patient.name);
      },
    },
    "facility.created": {
      mode: "inTransaction",
      handle: ({ facility }, context) => {
        if (facility.name === context.config.blockedName) veto(`${facility.name} is not allowed`, [{ path: "name", message: "blocked" }]);
      },
    },
  },
  routes: [whoami],
});

describe("the plug test kit", () => {
  let deployment: TestDeployment | undefined;
  afterEach(async () => {
    await deployment?.close();
    seen.length = 0;
    failuresLeft = 0;
  });

  it("reports a plug's health() answer, typed from the SDK, in /health/ready", async () => {
    const answer: PlugHealthAnswer = { ok: false, reason: "archive unreachable" };
    const checked = definePlug({
      package: { name: "@kit/checked", version: "1.0.0", care: { plug: { id: "checked", core: "*", contract: "^1.0.0" } } },
      health: () => answer,
    });
    deployment = await startTestDeployment({ plugs: [checked] });
    const ready = await deployment.anonymous.get("/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: "degraded",
      plugs: [{ id: "checked", health: { status: "failing", reason: "archive unreachable", required: false } }],
    });
  });

  it("boots the core and a plug, with an admin client and an anonymous one", async () => {
    deployment = await startTestDeployment({ plugs: [audit] });
    expect((await deployment.admin.get("/api/plugs/audit/whoami")).body).toEqual({ user: "admin" });
    expect((await deployment.anonymous.get("/api/plugs/audit/whoami")).status).toBe(401);
    expect((await deployment.anonymous.get("/health")).body.plugs).toEqual([{ id: "audit", version: "1.0.0", state: "started" }]);
  });

  it("waits for durable deliveries, retries included", async () => {
    deployment = await startTestDeployment({ plugs: [audit] });
    failuresLeft = 2;
    const facility = (await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" })).body;
    await deployment.admin.post("/api/v1/patients", { facilityId: facility.id, name: "Asha", birthDate: "1999-09-09", sex: "female" });
    await deployment.deliveries();
    expect(seen).toEqual(["Asha"]);
  });

  it("turns a veto into 409 with the plug's message, and stores nothing", async () => {
    deployment = await startTestDeployment({ plugs: [{ plug: audit, configs: { blockedName: "Ghost Ward" } }] });
    const refused = await deployment.admin.post("/api/v1/facilities", { name: "Ghost Ward", kind: "hospital" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: "conflict",
      message: "Ghost Ward is not allowed",
      details: [{ path: "name", message: "blocked" }],
    });
    expect((await deployment.admin.get("/api/v1/facilities")).body.items).toEqual([]);
  });

  it("runs start and stop hooks and signal handlers for nobody: the core refuses their calls", async () => {
    const acted: Array<{ where: string; actor: unknown; facilities: number | string }> = [];
    /** What the core answers the context's actor: how many facilities it sees, or the refusal's code. */
    const facilitiesSeen = (context: { core: { facilities: { list(): Promise<{ items: unknown[] }> } } }) =>
      context.core.facilities.list().then(
        (page) => page.items.length,
        (error: { code?: string }) => error.code ?? "error",
      );
    const watcher = definePlug({
      package: {
        name: "@kit/watcher",
        version: "1.0.0",
        care: { plug: { id: "watcher", core: "*", contract: "^1.0.0", hooks: ["start", "stop"] } },
      },
      hooks: {
        start: async (context) => void acted.push({ where: "start", actor: context.actor, facilities: await facilitiesSeen(context) }),
        stop: async (context) => void acted.push({ where: "stop", actor: context.actor, facilities: await facilitiesSeen(context) }),
      },
      on: {
        "facility.created": {
          mode: "afterCommit",
          handle: async (_payload, context) =>
            void acted.push({ where: "handler", actor: context.actor, facilities: await facilitiesSeen(context) }),
        },
      },
    });
    deployment = await startTestDeployment({ plugs: [watcher] });
    await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" });
    await deployment.deliveries();
    await deployment.close();
    deployment = undefined;
    expect(acted).toEqual([
      { where: "start", actor: null, facilities: "unauthorized" },
      { where: "handler", actor: null, facilities: "unauthorized" },
      { where: "stop", actor: null, facilities: "unauthorized" },
    ]);
  });

  it("logs in staff of chosen facilities, whom facility scoping applies to", async () => {
    deployment = await startTestDeployment({ plugs: [audit] });
    const north = (await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" })).body;
    const south = (await deployment.admin.post("/api/v1/facilities", { name: "South", kind: "clinic" })).body;
    const patient = (
      await deployment.admin.post("/api/v1/patients", { facilityId: south.id, name: "Juma", birthDate: "1980-01-01", sex: "male" })
    ).body;
    const { user, client } = await deployment.userClient(["nurse"], [north.id]);
    expect((await client.get("/api/plugs/audit/whoami")).body).toEqual({ user: user.username });
    expect((await client.get(`/api/v1/patients/${patient.id}`)).status).toBe(404);
  });
});
