import { describe, expect, it } from "vitest";
import { z } from "zod";
import { system, useCore } from "./helpers.js";

describe("who may emit which signal", () => {
  const started = useCore();
  const outbox = () => started.core.database.db.selectFrom("care_system.outbox").selectAll().execute();
  const facility = {
    id: "0190c2a4-0000-7000-8000-000000000001",
    name: "Fake",
    kind: "clinic",
    address: null,
    phone: null,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
  };

  it("refuses a core signal from a write the core's services did not open, and from the bus directly", async () => {
    const { core } = started;
    const heard: unknown[] = [];
    core.signals.subscribe("facility.created", "audit", "inTransaction", (payload) => void heard.push(payload));
    core.signals.subscribe("facility.created", "sync", "durable", () => {});
    const payload = { facility, actor: { kind: "system", name: "core" } };

    await expect(core.unitOfWork.write(system, (write) => write.emit("facility.created", payload))).rejects.toThrow(
      "cannot emit facility.created: only the core's services emit core signals",
    );
    await expect(core.unitOfWork.write(system, (write) => core.signals.emit(write.tx, [], "facility.created", payload))).rejects.toThrow(
      "only the core's services emit core signals",
    );
    expect(heard).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it("lets a core service emit its signals inside a write someone else opened", async () => {
    const { core } = started;
    const heard: string[] = [];
    core.signals.subscribe("facility.created", "audit", "inTransaction", (payload) => void heard.push(payload.facility.name));
    await core.unitOfWork.write(system, () => core.facilities.create(system, { name: "Nested Ward", kind: "clinic" }));
    expect(heard).toEqual(["Nested Ward"]);
  });

  it("lets a plug emit only its own signals, named <plug id>.<event>", async () => {
    const { core } = started;
    core.signals.define("lab.result_recorded", z.object({ orderId: z.string() }));
    const heard: unknown[] = [];
    core.signals.subscribe("lab.result_recorded" as never, "notify", "inTransaction", (payload) => void heard.push(payload));

    await core.unitOfWork.write(system, (write) => write.emitPlugSignal("lab", "lab.result_recorded", { orderId: "o-1" }));
    expect(heard).toEqual([{ orderId: "o-1" }]);

    for (const [plugId, signal] of [
      ["pharmacy", "lab.result_recorded"],
      ["lab", "patient.created"],
      ["la", "lab.result_recorded"],
      ["", "lab.result_recorded"],
    ] as const) {
      await expect(core.unitOfWork.write(system, (write) => write.emitPlugSignal(plugId, signal, { orderId: "o-2" }))).rejects.toThrow(
        `plug ${plugId} cannot emit ${signal}: a plug emits only its own signals`,
      );
    }
    // A plug whose id is a core signal's prefix still emits no core signal.
    await expect(core.unitOfWork.write(system, (write) => write.emitPlugSignal("patient", "patient.created", {}))).rejects.toThrow(
      "only the core's services emit core signals",
    );
    expect(heard).toHaveLength(1);
  });
});
