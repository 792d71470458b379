import { describe, expect, it } from "vitest";
import { careError, seed, system, useCore } from "./helpers.js";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const onServer = Boolean(process.env.DATABASE_URL);

describe("holding an encounter open for a write", () => {
  const started = useCore();

  async function openEncounter() {
    const seeded = await seed(started.core);
    const encounter = await started.core.encounters.create(system, {
      patientId: seeded.northPatient.id,
      kind: "outpatient",
      status: "in_progress",
    });
    return { ...seeded, encounter };
  }

  it("answers the encounter inside a write, scoped as get is: another facility's encounter is not found", async () => {
    const { core } = started;
    const { encounter, doctor, nurse } = await openEncounter();
    const held = await core.unitOfWork.write(doctor, () => core.encounters.holdOpen(doctor, encounter.id));
    expect(held).toEqual(encounter);
    await careError(
      core.unitOfWork.write(nurse, () => core.encounters.holdOpen(nurse, encounter.id)),
      "not_found",
    );
    await careError(
      core.unitOfWork.write(system, () => core.encounters.holdOpen(system, "0190c2a4-0000-7000-8000-000000000009")),
      "not_found",
    );
  });

  it("refuses to run outside a write, as the caller's bug", async () => {
    const { core } = started;
    const { encounter } = await openEncounter();
    await expect(core.encounters.holdOpen(system, encounter.id)).rejects.toThrow(/called outside a write.*bug in the caller/);
  });

  it("makes a concurrent close wait until the holding write commits", async () => {
    const { core } = started;
    const { encounter } = await openEncounter();
    const held = gate();
    const release = gate();
    const holding = core.unitOfWork.write(system, async () => {
      await core.encounters.holdOpen(system, encounter.id);
      held.open();
      await release.opened;
    });
    await held.opened;
    let closed = false;
    const closing = core.encounters.update(system, encounter.id, { status: "finished" }).then(() => (closed = true));
    try {
      await pause(300);
      expect(closed).toBe(false);
    } finally {
      release.open();
    }
    await holding;
    await closing;
    expect((await core.encounters.get(system, encounter.id)).status).toBe("finished");
  });

  // PGlite has one session: a second write waits for the first whatever it locks.
  it.skipIf(!onServer)("lets two writes hold the same encounter at once: the lock is shared", async () => {
    const { core } = started;
    const { encounter } = await openEncounter();
    const both = gate();
    let holders = 0;
    const hold = () =>
      core.unitOfWork.write(system, async () => {
        await core.encounters.holdOpen(system, encounter.id);
        holders += 1;
        if (holders === 2) both.open();
        // Bounded, so an exclusive lock fails the test instead of hanging it.
        return Promise.race([both.opened.then(() => "held together"), pause(3_000).then(() => "held alone")]);
      });
    expect(await Promise.all([hold(), hold()])).toEqual(["held together", "held together"]);
  });
});
