import { afterEach, describe, expect, it } from "vitest";
import type { PlugHealthAnswer } from "@care/plug-api";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

type Booted = Awaited<ReturnType<typeof bootPlugs>>;
const opened: Booted[] = [];
afterEach(async () => {
  for (const booted of opened.splice(0)) await booted.close();
});

/** A plug whose provider answers as `provider` says, counting how often it is asked. */
async function smsPlug(id: string, provider: () => unknown) {
  let asked = 0;
  const plug = await fixturePlug({
    id,
    health: async () => {
      asked += 1;
      // Whatever a plug's code might answer, right or wrong: the runtime must cope with both.
      return provider() as PlugHealthAnswer;
    },
  });
  return { plug, asked: () => asked };
}

async function ready(booted: Booted) {
  const response = await booted.app.inject({ method: "GET", url: "/health/ready" });
  return {
    status: response.statusCode,
    body: response.json() as {
      status: string;
      reason?: string;
      plugs: Array<{ id: string; health?: { status: string; reason?: string; required: boolean } }>;
    },
  };
}

describe("a plug's health() check", () => {
  it("is reported by /health/ready with its reason; a failing optional plug degrades readiness, the deployment serves on", async () => {
    const sms = await smsPlug("sms", () => ({ ok: false, reason: "provider api.sms.example answered 503" }));
    const fine = await smsPlug("fine", () => undefined);
    const quiet = await fixturePlug({ id: "quiet" });
    const booted = await bootPlugs([sms.plug, fine.plug, quiet]);
    opened.push(booted);

    const { status, body } = await ready(booted);
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    const byId = new Map(body.plugs.map((plug) => [plug.id, plug.health]));
    expect(byId.get("sms")).toMatchObject({ status: "failing", reason: "provider api.sms.example answered 503", required: false });
    expect(byId.get("fine")).toMatchObject({ status: "ok", required: false });
    expect(byId.get("quiet")).toBeUndefined();
    expect((await booted.app.inject({ method: "GET", url: "/health/live" })).statusCode).toBe(200);
  });

  it("fails readiness with the plug and its reason when plug.config.ts marks the plug required", async () => {
    const up = false;
    const sms = await smsPlug("sms", () => {
      if (!up) throw new Error("connect ECONNREFUSED 10.0.0.7:443");
    });
    const booted = await bootPlugs([{ plug: sms.plug, required: true }]);
    opened.push(booted);

    const down = await ready(booted);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("unavailable");
    expect(down.body.reason).toBe("plug_unhealthy: required plug sms: connect ECONNREFUSED 10.0.0.7:443");
    expect(down.body.plugs[0]?.health).toMatchObject({ status: "failing", required: true });

    // Answers are kept a few seconds, so a storm of probes asks the provider once.
    await Promise.all(Array.from({ length: 20 }, () => ready(booted)));
    expect(sms.asked()).toBe(1);
  });

  it("fails a check that hangs or answers nonsense, without failing the probe", async () => {
    const hanging = await smsPlug("hanging", () => new Promise(() => {}));
    const odd = await smsPlug("odd", () => "fine, thanks");
    const unexplained = await smsPlug("unexplained", () => ({ ok: false }));
    const booted = await bootPlugs([hanging.plug, odd.plug, unexplained.plug]);
    opened.push(booted);

    const { status, body } = await ready(booted);
    expect(status).toBe(200);
    const byId = new Map(body.plugs.map((plug) => [plug.id, plug.health]));
    expect(byId.get("hanging")).toMatchObject({ status: "failing", reason: "health() gave no answer within 1500 ms" });
    expect(byId.get("odd")?.reason).toMatch(/this is a bug in the plug/);
    expect(byId.get("unexplained")?.reason).toBe("health() answered ok: false without a reason");
  });
});
