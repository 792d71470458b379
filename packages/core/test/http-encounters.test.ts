import { describe, expect, it } from "vitest";
import type { EncounterStatus } from "../src/index.js";
import { illegalMoves, legalMoves } from "./encounter-moves.js";
import { expectError, seedAndLogin, useHttp } from "./http-helpers.js";

describe("HTTP encounter state machine", () => {
  const http = useHttp();

  /** A doctor's encounter brought to `status` over HTTP along legal moves. */
  async function encounterIn(status: EncounterStatus) {
    const { northPatient, tokens } = await seedAndLogin(http.core, http.app);
    const token = tokens.doctor;
    const created = await http.request({
      method: "POST",
      url: "/api/v1/encounters",
      token,
      body: { patientId: northPatient.id, kind: "outpatient", status: status === "planned" ? "planned" : "in_progress" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let encounter = created.body;
    if (status === "finished" || status === "cancelled") {
      const moved = await http.request({ method: "PATCH", url: `/api/v1/encounters/${encounter.id}`, token, body: { status } });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      encounter = moved.body;
    }
    expect(encounter.status).toBe(status);
    return { encounter, token };
  }

  it.each(legalMoves)("moves %s → %s", async (from, to) => {
    const { encounter, token } = await encounterIn(from);
    const answer = await http.request({ method: "PATCH", url: `/api/v1/encounters/${encounter.id}`, token, body: { status: to } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ id: encounter.id, status: to });
    if (to === "in_progress") expect(answer.body).toMatchObject({ startedAt: expect.any(String), endedAt: null });
    if (to === "finished") expect(answer.body).toMatchObject({ startedAt: encounter.startedAt, endedAt: expect.any(String) });
    if (to === "cancelled") expect(answer.body).toMatchObject({ startedAt: encounter.startedAt, endedAt: expect.any(String) });
    const read = await http.request({ method: "GET", url: `/api/v1/encounters/${encounter.id}`, token });
    expect(read.body).toEqual(answer.body);
  });

  it.each(illegalMoves)("refuses %s → %s with 409 illegal_transition and changes nothing", async (from, to) => {
    const { encounter, token } = await encounterIn(from);
    const answer = await http.request({
      method: "PATCH",
      url: `/api/v1/encounters/${encounter.id}`,
      token,
      body: { status: to, notes: "not saved" },
    });
    expectError(answer, 409, "illegal_transition");
    expect(answer.body.error.message).toContain(`an encounter that is ${from} cannot become ${to}`);
    expect(answer.body.error.details).toEqual([{ path: "status", message: `${from} → ${to} is not allowed` }]);
    const read = await http.request({ method: "GET", url: `/api/v1/encounters/${encounter.id}`, token });
    expect(read.body).toEqual(encounter);
  });

  it("opens an encounter planned without times, or already in progress with startedAt set", async () => {
    const { encounter: inProgress, token } = await encounterIn("in_progress");
    expect(inProgress).toMatchObject({ startedAt: expect.any(String), endedAt: null });
    const planned = await http.request({
      method: "POST",
      url: "/api/v1/encounters",
      token,
      body: { patientId: inProgress.patientId, kind: "inpatient" },
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ status: "planned", startedAt: null, endedAt: null });
  });

  it("filters the list by status and patient", async () => {
    const { encounter, token } = await encounterIn("finished");
    const list = async (query: string) =>
      (await http.request({ method: "GET", url: `/api/v1/encounters?${query}`, token })).body.items.map((item: { id: string }) => item.id);
    expect(await list("status=finished")).toEqual([encounter.id]);
    expect(await list("status=planned")).toEqual([]);
    expect(await list(`patientId=${encounter.patientId}&status=finished`)).toEqual([encounter.id]);
  });
});
