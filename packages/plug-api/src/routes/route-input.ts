import type { Actor } from "../domain/actor.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { RouteSchemas } from "./route-schemas.js";

/** What a handler is given: the parsed params, query and body, and for an authenticated route its caller. */
export type RouteInput<D extends RouteSchemas, A extends Actor | null = Actor> = {
  params: D extends { params: infer P extends z.ZodType } ? z.output<P> : {};
  query: D extends { query: infer Q extends z.ZodType } ? z.output<Q> : {};
  body: D extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
  request: FastifyRequest;
  reply: FastifyReply;
} & (A extends Actor ? { actor: Actor } : {});

type SuccessStatus<Status> = Status extends unknown ? (`${Status & (string | number)}` extends `2${string}` ? Status : never) : never;

/** What a handler returns: a body one of the route's 2xx response schemas accepts. */
export type ResponseBody<D extends RouteSchemas> = {
  [Status in keyof D["responses"] as SuccessStatus<Status>]: z.input<D["responses"][Status]>;
}[SuccessStatus<keyof D["responses"]>];

/** The loose form the runtime calls every handler with. */
export interface AnyRouteInput {
  params: any;
  query: any;
  body: any;
  actor?: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}
