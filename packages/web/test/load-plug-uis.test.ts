import { afterEach, describe, expect, it, vi } from "vitest";
import { loadPlugUis } from "../src/slots/load-plug-uis.js";

const component = () => null;
const goodUi = { patientTabs: [{ id: "orders", label: "tab", roles: ["doctor"], component }] };
const loader = (plugId: string, module: () => Promise<{ default?: unknown }>) => ({ plugId, load: module });

describe("loading the plugs' screens at start", () => {
  afterEach(() => vi.restoreAllMocks());

  it("keeps the plugs that load and are well declared, and leaves out one whose code throws, naming it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const loaded = await loadPlugUis([
      loader("lab", async () => ({ default: goodUi })),
      loader("broken", () => Promise.reject(new Error("ui/index threw at load"))),
      loader("hello", async () => ({ default: {} })),
    ]);
    expect(loaded.plugUis.map((entry) => entry.plugId)).toEqual(["lab", "hello"]);
    expect(loaded.plugUis[0]?.ui).toEqual(goodUi);
    expect(loaded.failures).toEqual([{ plugId: "broken", reason: "load" }]);
    expect(String(logged.mock.calls[0]?.[0])).toContain("broken");
  });

  it("leaves out a plug whose declaration is malformed, saying where", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const loaded = await loadPlugUis([
      loader("roles", async () => ({ default: { patientTabs: [{ id: "x", label: "x", roles: "admin", component }] } })),
      loader("nocomponent", async () => ({ default: { dashboardWidgets: [{ id: "w", label: "w", component: "Widget" }] } })),
      loader("nopath", async () => ({ default: { pages: [{ id: "p", label: "p", component }] } })),
      loader("twice", async () => ({ default: { patientTabs: [goodUi.patientTabs[0], goodUi.patientTabs[0]] } })),
      loader("nodefault", async () => ({})),
      loader("lab", async () => ({ default: goodUi })),
    ]);
    expect(loaded.plugUis.map((entry) => entry.plugId)).toEqual(["lab"]);
    const detail = Object.fromEntries(loaded.failures.map((failure) => [failure.plugId, `${failure.reason}: ${failure.detail}`]));
    expect(detail.roles).toMatch(/^invalid: patientTabs\.0\.roles: .*expected array/);
    expect(detail.nocomponent).toMatch(/^invalid: dashboardWidgets\.0\.component: expected a React component/);
    expect(detail.nopath).toMatch(/^invalid: pages\.0\.path: /);
    expect(detail.twice).toBe("invalid: patientTabs: two contributions share an id");
    expect(detail.nodefault).toMatch(/^invalid: .*expected object/);
    expect(logged).toHaveBeenCalledTimes(5);
  });

  it("leaves out a plug whose declaration throws while it is read, and keeps what was checked, not a second reading", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let readings = 0;
    const shifty = {
      get patientTabs() {
        readings += 1;
        return readings === 1 ? [] : "not a list";
      },
    };
    const loaded = await loadPlugUis([
      loader("throws", async () => ({
        default: {
          get dashboardWidgets(): never {
            throw new Error("a getter that throws");
          },
        },
      })),
      loader("shifty", async () => ({ default: shifty })),
    ]);
    expect(loaded.failures).toMatchObject([{ plugId: "throws", reason: "invalid" }]);
    expect(loaded.plugUis.map((entry) => entry.plugId)).toEqual(["shifty"]);
    expect(loaded.plugUis[0]?.ui.patientTabs).toEqual([]);
  });
});
