import { describe, expect, it } from "vitest";
import { readPlugBlock } from "../src/index.js";

const block = (ui: unknown) => ({ name: "@x/lab", care: { plug: { id: "lab", core: "*", ui } } });

describe("the care.plug block's ui", () => {
  it("is a subpath of the package, or absent", () => {
    expect(readPlugBlock(block("./ui")).ui).toBe("./ui");
    expect(readPlugBlock(block("./web/screens.v2")).ui).toBe("./web/screens.v2");
    expect(readPlugBlock({ name: "@x/lab", care: { plug: { id: "lab", core: "*" } } }).ui).toBeUndefined();
  });

  it.each(["ui", "/ui", "./", "../ui", "./../ui", "./ui/../../x", "https://cdn.example.org/ui.js", 42])("refuses %s", (ui) => {
    expect(() => readPlugBlock(block(ui))).toThrow(/@x\/lab has an invalid care\.plug block:\n {2}care\.plug\.ui: /);
  });
});
