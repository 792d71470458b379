import type { FastifyInstance } from "fastify";
import type { Actor } from "../actor.js";
import type { Page } from "../pagination.js";

/** What every core service offers, and so what every resource serves. */
export interface ResourceService<T> {
  create(actor: Actor, input: any): Promise<T>;
  update(actor: Actor, id: string, input: any): Promise<T>;
  get(actor: Actor, id: string): Promise<T>;
  list(actor: Actor, query: any): Promise<Page<T>>;
}

/** `GET /<path>`, `GET /<path>/:id`, `POST /<path>` (201) and `PATCH /<path>/:id` for one service. */
export function resourceRoutes<T>(app: FastifyInstance, path: string, service: ResourceService<T>): void {
  const idOf = (params: unknown) => (params as { id: string }).id;
  app.get(path, (request) => service.list(request.actor, request.query));
  app.get(`${path}/:id`, (request) => service.get(request.actor, idOf(request.params)));
  app.post(path, async (request, reply) => reply.status(201).send(await service.create(request.actor, request.body ?? {})));
  app.patch(`${path}/:id`, (request) => service.update(request.actor, idOf(request.params), request.body ?? {}));
}
