import type { PlugShape } from "../definition/plug-shape.js";
import type { PlugRoute, RouteDeclaration, RouteHandler } from "./plug-route.js";
import type { HttpMethod } from "./route-schemas.js";

/** `get(path, declaration, handler)`: the handler's input and context are typed by the declaration. */
export type RouteMaker<S extends PlugShape> = <D extends RouteDeclaration<S>>(
  path: string,
  declaration: D,
  handler: RouteHandler<S, D>,
) => PlugRoute<S>;

export interface RouteBuilder<S extends PlugShape> {
  get: RouteMaker<S>;
  post: RouteMaker<S>;
  put: RouteMaker<S>;
  patch: RouteMaker<S>;
  delete: RouteMaker<S>;
}

const makerOf =
  <S extends PlugShape>(method: HttpMethod): RouteMaker<S> =>
  (path, declaration, handler) => ({ method, path, options: declaration, handler: handler as PlugRoute<S>["handler"] });

/** Route makers for one plug's shape; paths are relative to `/api/plugs/<id>` and start with `/`. */
export function routeBuilder<S extends PlugShape>(): RouteBuilder<S> {
  return { get: makerOf("GET"), post: makerOf("POST"), put: makerOf("PUT"), patch: makerOf("PATCH"), delete: makerOf("DELETE") };
}
