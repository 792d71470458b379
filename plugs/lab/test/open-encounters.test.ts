import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import lab from "../src/index.js";
import { clinic, created, listOpenEncounters, setEncounterStatus } from "./support.js";

// The order form's list of encounters comes from lab's own route, which reads the core as the caller.
describe("GET /api/plugs/lab/patients/:patientId/open-encounters", () => {
  let deployment: TestDeployment;
  let north: Awaited<ReturnType<typeof clinic>>;
  beforeEach(async () => {
    deployment = await startTestDeployment({ plugs: [lab] });
    north = await clinic(deployment);
  });
  afterEach(() => deployment.close());

  const encounter = (patientId: string, status: "planned" | "in_progress", kind = "outpatient") =>
    created(deployment.admin.post("/api/v1/encounters", { patientId, kind, status }));

  it("lists the patient's planned and in-progress encounters, newest first, without closed ones or other patients'", async () => {
    const finished = await encounter(north.patient.id, "in_progress");
    expect((await setEncounterStatus(deployment.admin, finished.id, "finished")).status).toBe(200);
    const planned = await encounter(north.patient.id, "planned", "inpatient");
    const otherPatient = await created(
      deployment.admin.post("/api/v1/patients", { facilityId: north.facility.id, name: "Baraka", birthDate: "1980-01-01", sex: "male" }),
    );
    await encounter(otherPatient.id, "in_progress");
    const { client: nurse } = await deployment.userClient(["nurse"], [north.facility.id]);

    const answer = await listOpenEncounters(nurse, north.patient.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [
        { id: planned.id, kind: "inpatient", status: "planned", startedAt: null, createdAt: planned.createdAt },
        {
          id: north.encounter.id,
          kind: "outpatient",
          status: "in_progress",
          startedAt: north.encounter.startedAt,
          createdAt: north.encounter.createdAt,
        },
      ],
    });
  });

  it("answers 404 with nothing of the patient to a nurse of another facility, as for a patient that does not exist", async () => {
    const south = await clinic(deployment, "South", "Zawadi Mrema");
    const { client: northNurse } = await deployment.userClient(["nurse"], [north.facility.id]);
    const { client: southNurse } = await deployment.userClient(["nurse"], [south.facility.id]);

    const refused = await listOpenEncounters(northNurse, south.patient.id);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("not_found");
    expect(JSON.stringify(refused.body)).not.toContain(south.encounter.id);
    expect(JSON.stringify(refused.body)).not.toContain("Zawadi");
    expect((await listOpenEncounters(southNurse, south.patient.id)).body.items.map((item: { id: string }) => item.id)).toEqual([
      south.encounter.id,
    ]);
    expect((await listOpenEncounters(northNurse, "00000000-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await listOpenEncounters(northNurse, "not-a-uuid")).status).toBe(404);
  });

  it("asks for a signed-in user", async () => {
    const answer = await deployment.app.inject({ method: "GET", url: `/api/plugs/lab/patients/${north.patient.id}/open-encounters` });
    expect(answer.statusCode).toBe(401);
  });
});
