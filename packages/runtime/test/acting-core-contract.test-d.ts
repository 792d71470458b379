import type { CoreServices } from "@care/plug-api";
import { expectTypeOf, it } from "vitest";
import type { ActingCore } from "../src/plugs/session/acting-core.js";

it("gives plugs a core that offers every call the contract's CoreServices declares, with its types", () => {
  expectTypeOf<ActingCore>().toExtend<CoreServices>();
});
