import { describe, expect, it } from "vitest";
import { preparePlugs } from "../src/tooling.js";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";

const plugWith = (declared: string[]) =>
  definePlug({
    package: { name: "@fixtures/pager", version: "1.0.0", care: { plug: { id: "pager", core: "*", contract: "^1.0.0", hooks: declared } } },
    hooks: { start: () => undefined, install: () => undefined },
  }) as AnyPlugDefinition;

describe("nothing runs that was not declared", () => {
  it("refuses a plug whose definition has a hook its package.json does not list, naming it and what to write", async () => {
    const refused = await preparePlugs({ deployment: "hooks", plugs: [{ plug: plugWith(["start"]) }] }, {}).then(
      () => [],
      (error: { problems?: string[] }) => error.problems ?? [],
    );
    expect(refused).toEqual([
      "plug pager (@fixtures/pager) has hook(s) install that its package.json does not declare; its publisher must list them in " +
        'care.plug.hooks (["start","install"]) so that they are shown before it is added',
    ]);
  });

  it("accepts it once every hook is declared", async () => {
    const prepared = await preparePlugs({ deployment: "hooks", plugs: [{ plug: plugWith(["install", "start"]) }] }, {});
    expect(prepared.plugs.map((plug) => plug.id)).toEqual(["pager"]);
  });
});
