import { CareError, type Actor, type Core } from "@care/core";

/** A core service's methods with the actor already given: `get(id)` for `get(actor, id)`. */
export type Acting<Service> = {
  [Name in keyof Service as Service[Name] extends (actor: Actor, ...rest: any[]) => Promise<unknown>
    ? Name
    : never]: Service[Name] extends (actor: Actor, ...rest: infer Rest) => infer Result ? (...rest: Rest) => Result : never;
};

/** The core as a plug calls it: each call acts as one actor, with that actor's facility scoping. */
export interface ActingCore {
  facilities: Pick<Acting<Core["facilities"]>, "create" | "update" | "get" | "list">;
  /** Read only: accounts and roles are the administrators', through the core's own API. */
  users: Pick<Acting<Core["users"]>, "get" | "list">;
  patients: Pick<Acting<Core["patients"]>, "create" | "update" | "get" | "list">;
  /** `holdOpen(id)`: inside context.transaction, the encounter locked against a concurrent close. */
  encounters: Pick<Acting<Core["encounters"]>, "create" | "update" | "get" | "list" | "holdOpen">;
}

/**
 * The calls a plug may make, by name: a service's other methods (its private helpers among them)
 * hand out query builders on the app's own connection.
 */
const callable = {
  facilities: ["create", "update", "get", "list"],
  users: ["get", "list"],
  patients: ["create", "update", "get", "list"],
  encounters: ["create", "update", "get", "list", "holdOpen"],
} as const;

/**
 * Functions only: a plug gets no service object, and so nothing to reach the unit of work, the
 * database or the signal bus through. `beforeCall` hands the connection back to the app's role.
 * `actor` null (a public route) refuses every call: there is nobody to act for.
 */
export function actingCore(core: Core, actor: Actor | null, plugId: string, beforeCall: () => Promise<void>): ActingCore {
  const acting = {} as Record<string, Record<string, unknown>>;
  for (const [name, names] of Object.entries(callable)) {
    const service = core[name as keyof typeof callable] as unknown as Record<string, unknown>;
    const methods: Record<string, unknown> = {};
    for (const method of names) {
      methods[method] = async (...args: unknown[]) => {
        if (!actor) {
          throw new CareError(
            "unauthorized",
            `this request has no signed-in caller, so plug ${plugId} cannot read or change core data for it`,
          );
        }
        await beforeCall();
        return (service[method] as (...all: unknown[]) => Promise<unknown>).call(service, actor, ...args);
      };
    }
    acting[name] = Object.freeze(methods);
  }
  return Object.freeze(acting) as unknown as ActingCore;
}
