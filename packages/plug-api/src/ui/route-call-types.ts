import type { z } from "zod";

// The types of a plug's own routes as its screens call them, read from its route declarations
// (`typeof plug`, a type-only import): no server code reaches the browser.

/** A plug's routes, from its definition (`typeof plug`) or an array of its routes (`typeof routes`). */
type RoutesOf<T> = T extends readonly (infer R)[] ? R : T extends { routes?: readonly (infer R)[] } ? R : never;

/** Route key (`"GET /patients/:patientId/orders"`) → the route as declared. */
export type PlugRouteTable<T> = {
  [R in RoutesOf<T> as R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never]: R;
};

/** The keys usePlugQuery reads: the plug's GET routes. */
export type PlugQueryRoute<T> = Extract<keyof PlugRouteTable<T>, `GET ${string}`>;
/** The keys usePlugMutation calls: the plug's POST, PUT, PATCH and DELETE routes. */
export type PlugMutationRoute<T> = Exclude<Extract<keyof PlugRouteTable<T>, string>, `GET ${string}`>;

type DeclarationOf<T, K> = K extends keyof PlugRouteTable<T> ? (PlugRouteTable<T>[K] extends { options: infer D } ? D : never) : never;
type PathOf<K> = K extends `${string} ${infer P}` ? P : never;

/** The `:name` parts of a path: `/orders/:orderId/result` → "orderId". */
export type PathParamNames<P extends string> = P extends `${string}:${infer Rest}`
  ? Rest extends `${infer Name}/${infer After}`
    ? Name | PathParamNames<`/${After}`>
    : Rest
  : never;

// A part the route does not take is `?: never`, so that sending one is a compile error.
type ParamsPart<P extends string> = [PathParamNames<P>] extends [never]
  ? { params?: never }
  : { params: Record<PathParamNames<P>, string> };
type QueryPart<D> = D extends { query: infer Q extends z.ZodType }
  ? {} extends z.input<Q>
    ? { query?: z.input<Q> }
    : { query: z.input<Q> }
  : { query?: never };
type BodyPart<D> = D extends { body: infer B extends z.ZodType }
  ? undefined extends z.input<B>
    ? { body?: z.input<B> }
    : { body: z.input<B> }
  : { body?: never };
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a call of route K sends: its path's params, and its query and body as its schemas accept them. */
export type PlugRouteInput<T, K> = Simplify<ParamsPart<PathOf<K>> & QueryPart<DeclarationOf<T, K>> & BodyPart<DeclarationOf<T, K>>>;

type SuccessStatus<S> = S extends unknown ? (`${S & (string | number)}` extends `2${string}` ? S : never) : never;
/** A value as it arrives through JSON: dates are strings. */
type Json<T> = T extends Date ? string : T extends readonly (infer E)[] ? Json<E>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
type SuccessBodies<R> = { [S in keyof R as SuccessStatus<S>]: R[S] extends z.ZodType ? Json<z.output<R[S]>> : unknown };
type SuccessBody<R> = SuccessBodies<R>[keyof SuccessBodies<R>];

/** What route K answers: the body of its 2xx response schema(s). */
export type PlugRouteResponse<T, K> = DeclarationOf<T, K> extends { responses: infer R } ? SuccessBody<R> : unknown;

/** The input argument, optional when the route needs nothing; then what follows it. */
export type PlugRouteArgs<I, Rest extends unknown[]> = {} extends I ? [input?: I, ...Rest] : [input: I, ...Rest];
