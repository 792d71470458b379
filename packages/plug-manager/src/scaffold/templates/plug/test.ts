import type { PlugNames } from "../../names.js";

/** test/<id>.test.ts: boots the core with the plug on a fresh database and talks HTTP to it. */
export const test = (names: PlugNames): string => `import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import plug from "../src/index.js";

describe("${names.id} plug", () => {
  let deployment: TestDeployment;
  let facilityId: string;
  beforeEach(async () => {
    deployment = await startTestDeployment({ plugs: [{ plug, configs: { notePrefix: "New patient" } }] });
    facilityId = (await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" })).body.id;
  });
  afterEach(() => deployment?.close());

  const registerPatient = (name: string) =>
    deployment.admin.post("/api/v1/patients", { facilityId, name, birthDate: "2001-02-03", sex: "female" });
  const notesUrl = (patientId: string) => \`/api/plugs/${names.id}/patients/\${patientId}/notes\`;

  it("notes a newly registered patient, and its route lists the note", async () => {
    const patient = (await registerPatient("Neema")).body;
    await deployment.deliveries(); // the after-commit handler has run
    const { status, body } = await deployment.admin.get(notesUrl(patient.id));
    expect(status).toBe(200);
    expect(body.items).toEqual([{ id: expect.any(String), note: "New patient: Neema", createdAt: expect.any(String) }]);
  });

  it("installs into its own schema, recorded with its version", async () => {
    const { db } = deployment.database;
    const installed = await db.selectFrom("care_system.plugs").select(["id", "package", "version"]).executeTakeFirstOrThrow();
    expect(installed).toEqual({ id: "${names.id}", package: "${names.packageName}", version: "0.1.0" });
    const health = await deployment.anonymous.get("/health");
    expect(health.body.plugs).toEqual([{ id: "${names.id}", version: "0.1.0", state: "started" }]);
  });

  it("refuses callers without a token (401) and staff of another facility (404)", async () => {
    const patient = (await registerPatient("Baraka")).body;
    await deployment.deliveries();
    expect((await deployment.anonymous.get(notesUrl(patient.id))).status).toBe(401);

    const other = (await deployment.admin.post("/api/v1/facilities", { name: "South", kind: "clinic" })).body;
    const { client } = await deployment.userClient(["nurse"], [other.id]);
    const refused = await client.get(notesUrl(patient.id));
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain("Baraka");
  });

  it("refuses a config that breaks its schema, naming the plug and the key", async () => {
    await expect(startTestDeployment({ plugs: [{ plug, configs: { notePrefix: "" } }] })).rejects.toThrow(
      /plug ${names.id}: config notePrefix: /,
    );
  });
});
`;
