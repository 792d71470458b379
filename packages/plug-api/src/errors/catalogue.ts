/**
 * Every error code the contract's browser side (`@care/plug-api/ui`) raises itself, once: refusals made
 * before a request leaves the browser. docs/errors.md is generated from this list
 * (scripts/error-catalogue.mjs). Plain data, no imports.
 */
export const plugApiErrors = [
  {
    code: "plug_ui_route_outside_plug",
    summary:
      "A plug's screen asked for a URL outside its own routes (/api/plugs/<plugId>/): the core API, another plug's routes, " +
      "another server, or a path that climbs out with .., an encoded dot or slash, or a backslash. Nothing was sent.",
    fix:
      "Call the plug's own routes through its typed client (plugClient's usePlugQuery / usePlugMutation). For core data, " +
      "add a route to the plug that reads it through context.core, which acts as the signed-in user.",
  },
  {
    code: "plug_route_param_missing",
    summary: "A plug's screen called one of its routes without one of the path's params. Nothing was sent.",
    fix: "Pass every :param of the route's path in `params`; the typed client makes this a compile error.",
  },
  {
    code: "plug_route_param_invalid",
    summary:
      'A route param was "." or "..", or held a "/" or "\\": it would not stay one path segment, and could reach another route. ' +
      "Nothing was sent.",
    fix: "Pass the id the route expects; a value with slashes belongs in the query, not in the path.",
  },
] as const satisfies ReadonlyArray<{ code: string; summary: string; fix: string }>;
