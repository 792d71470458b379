import type { Actor } from "../domain/actor.js";
import type { FastifyRequest } from "fastify";
import type { PlugContext } from "../context/plug-context.js";
import type { PlugShape } from "../definition/plug-shape.js";
import type { AnyRouteInput, ResponseBody, RouteInput } from "./route-input.js";
import type { HttpMethod, RouteSchemas } from "./route-schemas.js";

/**
 * A route is authenticated like the core's unless it is public; a public route says why, and how it
 * checks its caller instead (a webhook's signature, say): `authenticate` returning false answers 401.
 */
export interface PublicAccess<S extends PlugShape = PlugShape> {
  reason: string;
  authenticate(request: FastifyRequest, context: PlugContext<S, null>): boolean | Promise<boolean>;
}

/** A route's schemas, what the reference says of it, and whether it is public. */
export interface RouteDeclaration<S extends PlugShape = PlugShape> extends RouteSchemas {
  /** One line for the API reference: what the route does. */
  summary: string;
  description?: string;
  public?: PublicAccess<S>;
}

/** Who a route acts for: nobody on a public route, the signed-in caller otherwise. */
export type ActorOf<D> = D extends { public: object } ? null : Actor;

export type RouteHandler<S extends PlugShape, D extends RouteSchemas> = (
  input: RouteInput<D, ActorOf<D>>,
  context: PlugContext<S, ActorOf<D>>,
) => ResponseBody<D> | Promise<ResponseBody<D>>;

/** A route as the runtime mounts it, under `/api/plugs/<id><path>`. */
export interface PlugRoute<S extends PlugShape = PlugShape> {
  method: HttpMethod;
  path: string;
  options: RouteDeclaration<S>;
  handler(input: AnyRouteInput, context: PlugContext<S, any>): unknown;
}

/**
 * A route as `route.get(...)` returns it: its method, path and declaration kept in its type, so that
 * the plug's screens call it typed (`plugClient<typeof plug>()` of `@care/plug-sdk/ui`).
 */
export interface DeclaredRoute<S extends PlugShape, M extends HttpMethod, P extends string, D extends RouteDeclaration<S>>
  extends PlugRoute<S> {
  method: M;
  path: P;
  options: D;
}
