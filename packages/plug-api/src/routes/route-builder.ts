import type { PlugShape } from "../definition/plug-shape.js";
import type { DeclaredRoute, PlugRoute, RouteDeclaration, RouteHandler } from "./plug-route.js";
import type { HttpMethod } from "./route-schemas.js";

/**
 * `get(path, declaration, handler)`: the handler's input and context are typed by the declaration; the
 * route keeps its method, path and declaration in its type for the plug's typed screens.
 */
export type RouteMaker<S extends PlugShape, M extends HttpMethod = HttpMethod> = <P extends string, D extends RouteDeclaration<S>>(
  path: P,
  declaration: D,
  handler: RouteHandler<S, D>,
) => DeclaredRoute<S, M, P, D>;

export interface RouteBuilder<S extends PlugShape> {
  get: RouteMaker<S, "GET">;
  post: RouteMaker<S, "POST">;
  put: RouteMaker<S, "PUT">;
  patch: RouteMaker<S, "PATCH">;
  delete: RouteMaker<S, "DELETE">;
}

const makerOf =
  <S extends PlugShape, M extends HttpMethod>(method: M): RouteMaker<S, M> =>
  (path, declaration, handler) => ({ method, path, options: declaration, handler: handler as PlugRoute<S>["handler"] });

/** Route makers for one plug's shape; paths are relative to `/api/plugs/<id>` and start with `/`. */
export function routeBuilder<S extends PlugShape>(): RouteBuilder<S> {
  return { get: makerOf("GET"), post: makerOf("POST"), put: makerOf("PUT"), patch: makerOf("PATCH"), delete: makerOf("DELETE") };
}
