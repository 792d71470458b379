import { describe, expect, it } from "vitest";
import { system, useCore } from "./helpers.js";

// The runtime leaves a plug's role to end at COMMIT only in a write its context.transaction opened,
// so whether a write opened its transaction or joined one must be told right.
describe("a write says whether it opened its transaction", () => {
  const started = useCore();

  it("opened: the outermost write; joined: a write inside it, and one an in-transaction subscriber starts", async () => {
    const seen: Record<string, boolean> = {};
    started.core.signals.subscribe("facility.created", "test", "inTransaction", () =>
      started.core.unitOfWork.write(system, async (write) => void (seen.subscriber = write.opened)),
    );
    await started.core.unitOfWork.write(system, async (outer) => {
      seen.outer = outer.opened;
      await started.core.unitOfWork.write(system, async (inner) => void (seen.inner = inner.opened));
      await started.core.facilities.create(system, { name: "North", kind: "hospital" });
    });
    expect(seen).toEqual({ outer: true, inner: false, subscriber: false });
  });
});
