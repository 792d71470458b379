import { isAdmin, type Actor } from "./actor.js";
import { forbidden } from "./errors.js";

export function requireAdmin(actor: Actor, action: string): void {
  if (!isAdmin(actor)) throw forbidden(`only administrators may ${action}`);
}
