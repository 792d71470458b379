import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import hello from "../src/index.js";

describe("hello plug", () => {
  let deployment: TestDeployment;
  let facilityId: string;
  beforeEach(async () => {
    deployment = await startTestDeployment({ plugs: [{ plug: hello, configs: { greeting: "Karibu" } }] });
    facilityId = (await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" })).body.id;
  });
  afterEach(() => deployment.close());

  const registerPatient = (name: string, at = facilityId) =>
    deployment.admin.post("/api/v1/patients", { facilityId: at, name, birthDate: "2001-02-03", sex: "female" });

  it("greets a newly registered patient with the configured greeting", async () => {
    const patient = (await registerPatient("Neema")).body;
    await deployment.deliveries();
    const { status, body } = await deployment.admin.get(`/api/plugs/hello/patients/${patient.id}/greetings`);
    expect(status).toBe(200);
    expect(body.items).toEqual([{ id: expect.any(String), message: "Karibu, Neema!", createdAt: expect.any(String) }]);
  });

  it("installs into its own schema, recorded with its version", async () => {
    const { db } = deployment.database;
    const plug = await db.selectFrom("care_system.plugs").select(["id", "package", "version"]).executeTakeFirstOrThrow();
    expect(plug).toEqual({ id: "hello", package: "@care-plugs/hello", version: "0.1.0" });
    const health = await deployment.anonymous.get("/health");
    expect(health.body.plugs).toEqual([{ id: "hello", version: "0.1.0", state: "started" }]);
  });

  it("refuses callers without a token and staff of another facility", async () => {
    const patient = (await registerPatient("Baraka")).body;
    await deployment.deliveries();
    expect((await deployment.anonymous.get(`/api/plugs/hello/patients/${patient.id}/greetings`)).status).toBe(401);

    const other = (await deployment.admin.post("/api/v1/facilities", { name: "South", kind: "clinic" })).body;
    const { client } = await deployment.userClient(["nurse"], [other.id]);
    const refused = await client.get(`/api/plugs/hello/patients/${patient.id}/greetings`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain("Baraka");
  });

  it("refuses a config that breaks its schema, naming the plug and key", async () => {
    await expect(startTestDeployment({ plugs: [{ plug: hello, configs: { greeting: "" } }] })).rejects.toThrow(
      /plug hello: config greeting: .*>=1/,
    );
  });
});
