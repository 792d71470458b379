import { type Contribution, definePage, type PageProps, type PlugUi } from "@care/plug-api/ui";
import { describe, expect, it } from "vitest";
import { findPage, mayShow, pageLink, type PlugUiEntry, slotContributions } from "../src/slots/slot-contributions.js";

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
      pages: [
        { id: "queue", label: "queue", path: "queue", component },
        { id: "order", label: "order", path: "orders/:orderId", roles: ["doctor"], component },
        { id: "files", label: "files", path: "files/*", roles: ["doctor"], component },
        { id: "newOrder", label: "newOrder", path: "orders/new", roles: ["doctor"], component },
      ],
    },
  },
  { plugId: "hello", ui: {} satisfies PlugUi },
];

const OrderPage = ({ params }: PageProps<"orders/:orderId/*">) => `${params.orderId} ${params["*"]}`;
const PatientPage = ({ params }: PageProps<"patients/:patientId">) => params.patientId;

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
    expect(findPage(plugUis, "adminPages", ["admin"], "notify", "messages")?.page.key).toBe("notify.messages");
    expect(findPage(plugUis, "adminPages", ["admin"], "notify", "/messages/")?.page.key).toBe("notify.messages");
    expect(findPage(plugUis, "adminPages", ["doctor"], "notify", "messages")).toBeUndefined();
    expect(findPage(plugUis, "pages", ["staff"], "notify", "queue")).toBeUndefined();
    expect(findPage(plugUis, "pages", ["staff"], "lab", "queue/extra")).toBeUndefined();
  });

  it("matches a page's path pattern and hands the page the params it names", () => {
    expect(findPage(plugUis, "pages", ["doctor"], "lab", "orders/42")).toMatchObject({
      page: { key: "lab.order" },
      params: { orderId: "42" },
    });
    expect(findPage(plugUis, "pages", ["doctor"], "lab", "files/2026/report%20one.pdf")).toMatchObject({
      page: { key: "lab.files" },
      params: { "*": "2026/report one.pdf" },
    });
    // The most specific pattern wins, whatever the order the plug lists its pages in.
    expect(findPage(plugUis, "pages", ["doctor"], "lab", "orders/new")?.page.key).toBe("lab.newOrder");
    expect(findPage(plugUis, "pages", ["doctor"], "lab", "orders")).toBeUndefined();
    expect(findPage(plugUis, "pages", ["staff"], "lab", "orders/42")).toBeUndefined();
  });

  it("links to pages whose path needs no params, and not to one that does", () => {
    const links = slotContributions(plugUis, "pages", ["doctor"]).map((page) => pageLink("/plugs", page));
    expect(links).toEqual(["/plugs/lab/files", "/plugs/lab/orders/new", undefined, "/plugs/lab/queue"]);
    expect(pageLink("/admin/plugs", slotContributions(plugUis, "adminPages", ["admin"])[0]!)).toBe("/admin/plugs/notify/messages");
  });

  it("types a page's params from its path pattern", () => {
    const page = definePage({ id: "order", label: "order", path: "orders/:orderId/*", component: OrderPage });
    expect(page.path).toBe("orders/:orderId/*");
    // @ts-expect-error: a page at orders/:orderId is given no patientId
    definePage({ id: "patient", label: "patient", path: "orders/:orderId", component: PatientPage });
  });
});
