import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { plugIdPattern } from "../src/index.js";
import { CareUiHostProvider, PlugRequestError, PlugScope, useCareHost, type CareUiHost, type UiUser } from "../src/ui/index.js";
import { plugIdInBrowser } from "../src/ui/plug-route-scope.js";

const nurse: UiUser = { id: "u1", username: "amina", displayName: "Amina Diallo", roles: ["nurse"], facilityIds: ["f1"] };

/** The web app's host, recording what reaches it: the unscoped fetch a plug must never get. */
function recordingHost() {
  const sent: string[] = [];
  const host: CareUiHost = {
    fetch: async (path) => {
      sent.push(path);
      return new Response("{}", { status: 200 });
    },
    user: nurse,
    locale: "fr",
  };
  return { host, sent };
}

/** A screen that hands over the host it gets. */
function Capture(props: { onHost: (host: CareUiHost) => void }): ReactNode {
  props.onHost(useCareHost());
  return null;
}

/** The host a screen of `plugIds` (nested scopes, outermost first) gets from useCareHost(). */
function hostSeenBy(host: CareUiHost, ...plugIds: string[]): CareUiHost {
  let seen: CareUiHost | undefined;
  const screen = createElement(Capture, { onHost: (given) => (seen = given) });
  const scoped = plugIds.reduceRight<ReactNode>((inner, plugId) => createElement(PlugScope, { plugId }, inner), screen);
  renderToString(createElement(CareUiHostProvider, { value: host }, scoped));
  if (!seen) throw new Error("the screen did not render");
  return seen;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

afterEach(() => vi.unstubAllGlobals());

describe("the host a plug's screen sees", () => {
  it("calls the plug's own routes, with the user and the language of the app", async () => {
    const { host, sent } = recordingHost();
    const lab = hostSeenBy(host, "lab");
    expect(lab.user).toEqual(nurse);
    expect(lab.locale).toBe("fr");
    expect((await lab.fetch("/api/plugs/lab/patients/p1/orders?status=pending")).status).toBe(200);
    expect(sent).toEqual(["/api/plugs/lab/patients/p1/orders?status=pending"]);
  });

  it.each([
    ["the core API", "/api/v1/encounters?patientId=p1"],
    ["another plug's routes", "/api/plugs/notify/admin/messages"],
    ["a plug whose id starts with this one's", "/api/plugs/labx/orders"],
    ["the plug's prefix without its slash", "/api/plugs/lab"],
    ["a relative path", "orders"],
    ["a step up with ..", "/api/plugs/lab/../../v1/encounters"],
    ["a step up with encoded dots", "/api/plugs/lab/%2e%2e/%2E%2E/v1/encounters"],
    ["an encoded slash", "/api/plugs/lab/..%2f..%2fv1/encounters"],
    ["an encoded backslash", "/api/plugs/lab/..%5C..%5Cv1/encounters"],
    ["backslashes", "/api/plugs/lab\\..\\..\\v1\\encounters"],
    ["a protocol-relative URL", "//evil.example/api/plugs/lab/orders"],
    ["an absolute URL", "https://evil.example/api/plugs/lab/orders"],
    ["credentials in the URL", "https://user:pw@evil.example/api/plugs/lab/orders"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["an encoded slash split by a tab the URL parser drops", "/api/plugs/lab/..%2\tf..%2\tfv1/encounters"],
    ["a newline", "/api/plugs/lab/orders\n"],
  ])("refuses %s (%s) before sending anything", async (_what, url) => {
    const { host, sent } = recordingHost();
    const error = await refusal(hostSeenBy(host, "lab").fetch(url));
    expect(error).toBeInstanceOf(PlugRequestError);
    expect(error).toMatchObject({ status: 0, code: "plug_ui_route_outside_plug" });
    expect((error as Error).message).toContain("plug lab's screens may call only its own routes (/api/plugs/lab/…)");
    expect((error as Error).message).toContain(JSON.stringify(url));
    expect(sent).toEqual([]);
  });

  it("follows no redirect, which would carry the session's token somewhere unchecked", async () => {
    const given: (RequestInit | undefined)[] = [];
    const host: CareUiHost = { ...recordingHost().host, fetch: async (_path, init) => (given.push(init), new Response("{}")) };
    await hostSeenBy(host, "lab").fetch("/api/plugs/lab/orders", { method: "GET", redirect: "follow" });
    expect(given).toMatchObject([{ method: "GET", redirect: "error" }]);
  });

  it("resolves a URL on the page's own origin and sends its path only", async () => {
    vi.stubGlobal("location", { origin: "https://care.example" });
    const { host, sent } = recordingHost();
    const lab = hostSeenBy(host, "lab");
    await lab.fetch("https://care.example/api/plugs/lab/orders/7");
    await lab.fetch("/api/plugs/lab/./orders/7/../8");
    expect(sent).toEqual(["/api/plugs/lab/orders/7", "/api/plugs/lab/orders/8"]);
    expect(await refusal(lab.fetch("http://care.example/api/plugs/lab/orders/7"))).toMatchObject({ code: "plug_ui_route_outside_plug" });
    expect(await refusal(lab.fetch("https://care.example.evil/api/plugs/lab/orders/7"))).toMatchObject({
      code: "plug_ui_route_outside_plug",
    });
  });

  it("cannot be widened by a PlugScope of another plug inside the plug's own", async () => {
    const { host, sent } = recordingHost();
    const nested = hostSeenBy(host, "lab", "notify");
    expect(await refusal(nested.fetch("/api/plugs/notify/admin/messages"))).toMatchObject({ code: "plug_ui_route_outside_plug" });
    expect(await refusal(nested.fetch("/api/plugs/lab/orders"))).toMatchObject({ code: "plug_ui_route_outside_plug" });
    expect(sent).toEqual([]);
  });

  it("refuses every URL for a scope whose plug id is no plug id", async () => {
    const { host, sent } = recordingHost();
    expect(await refusal(hostSeenBy(host, "..").fetch("/api/plugs/../v1/encounters"))).toMatchObject({
      code: "plug_ui_route_outside_plug",
    });
    expect(sent).toEqual([]);
  });

  it("checks plug ids as the contract does", () => {
    expect(plugIdInBrowser.source).toBe(plugIdPattern.source);
  });
});
