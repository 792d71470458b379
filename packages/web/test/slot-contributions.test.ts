import type { Contribution, PlugUi } from "@care/plug-api/ui";
import { describe, expect, it } from "vitest";
import { findPage, mayShow, type PlugUiEntry, slotContributions } from "../src/slots/slot-contributions.js";

const component = () => null;
const tab = (id: string, extra: Partial<Contribution<{ patientId: string }>> = {}) => ({ id, label: id, component, ...extra });

const plugUis: PlugUiEntry[] = [
  {
    plugId: "notify",
    ui: {
      patientTabs: [tab("log", { order: 20 }), tab("settings", { order: 5, roles: ["admin"] })],
      adminPages: [{ id: "messages", label: "messages", path: "/messages/", roles: ["admin"], component }],
    },
  },
  {
    plugId: "lab",
    ui: {
      patientTabs: [tab("results", { order: 20 }), tab("orders", { order: 10, roles: ["doctor", "nurse"] }), tab("summary")],
      pages: [{ id: "queue", label: "queue", path: "queue", component }],
    },
  },
  { plugId: "hello", ui: {} satisfies PlugUi },
];

const keys = (roles: Parameters<typeof slotContributions>[2]) => slotContributions(plugUis, "patientTabs", roles).map((c) => c.key);

describe("slot contributions", () => {
  it("orders by `order` (absent counts as 0), then plug id, then contribution id", () => {
    expect(keys(["admin", "doctor"])).toEqual(["lab.summary", "notify.settings", "lab.orders", "lab.results", "notify.log"]);
  });

  it("shows a contribution only to users with one of its roles; one without roles to every signed-in user", () => {
    expect(keys(["nurse"])).toEqual(["lab.summary", "lab.orders", "lab.results", "notify.log"]);
    expect(keys(["staff"])).toEqual(["lab.summary", "lab.results", "notify.log"]);
    expect(keys([])).toEqual(["lab.summary", "lab.results", "notify.log"]);
    expect(mayShow({ roles: [] }, ["admin"])).toBe(false);
  });

  it("keeps which plug each contribution comes from, for its label's namespace and its PlugScope", () => {
    const [first] = slotContributions(plugUis, "pages", ["staff"]);
    expect(first).toMatchObject({ plugId: "lab", key: "lab.queue", contribution: { path: "queue" } });
  });

  it("finds a plug's page by the URL after /plugs/<plugId>/, slashes aside, only for its roles", () => {
    expect(findPage(plugUis, "adminPages", ["admin"], "notify", "messages")?.key).toBe("notify.messages");
    expect(findPage(plugUis, "adminPages", ["admin"], "notify", "/messages/")?.key).toBe("notify.messages");
    expect(findPage(plugUis, "adminPages", ["doctor"], "notify", "messages")).toBeUndefined();
    expect(findPage(plugUis, "pages", ["staff"], "notify", "queue")).toBeUndefined();
    expect(findPage(plugUis, "pages", ["staff"], "lab", "queue/extra")).toBeUndefined();
  });
});
