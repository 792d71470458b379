import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { Actor } from "../actor.js";
import type { Core } from "../core.js";
import type { Page } from "../pagination.js";
import { encountersResource, facilitiesResource, patientsResource, usersResource } from "./core-resources.js";
import { resourceRouteOptions, type Resource } from "./resource-route-options.js";

/** What a core service offers its resource's routes; the four services all have this shape. */
interface ResourceService<Entity, Create, Update, Query> {
  list(actor: Actor, query: Query): Promise<Page<Entity>>;
  get(actor: Actor, id: string): Promise<Entity>;
  create(actor: Actor, input: Create): Promise<Entity>;
  update(actor: Actor, id: string, input: Update): Promise<Entity>;
}

/**
 * `GET /<path>`, `GET /<path>/:id`, `POST /<path>` (201) and `PATCH /<path>/:id` of one resource, each
 * handled by its service. The service's parameter types are those the resource's schemas parse to, so
 * `tsc` refuses a service that does not take what the routes check.
 */
function mountResource<Entity extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType, Query extends z.ZodType>(
  app: FastifyInstance,
  resource: Resource<Entity, Create, Update, Query>,
  service: ResourceService<z.output<Entity>, z.output<Create>, z.output<Update>, z.output<Query>>,
): void {
  const options = resourceRouteOptions(resource);
  const one = `${resource.path}/:id`;
  // fastify's validator (request-validation.ts) has parsed params, query and body with the resource's
  // schemas before a handler runs; the type provider cannot name a generic schema's type, so the casts do.
  type Id = { id: string };
  app.get(resource.path, options.list, (request) => service.list(request.actor, request.query as z.output<Query>));
  app.get(one, options.get, (request) => service.get(request.actor, (request.params as Id).id));
  app.post(resource.path, options.create, async (request, reply) =>
    reply.status(201).send(await service.create(request.actor, request.body as z.output<Create>)),
  );
  app.patch(one, options.update, (request) => service.update(request.actor, (request.params as Id).id, request.body as z.output<Update>));
}

/** The four core resources' routes, in the order the reference lists them. */
export function coreResourceRoutes(app: FastifyInstance, core: Core): void {
  mountResource(app, facilitiesResource, core.facilities);
  mountResource(app, usersResource, core.users);
  mountResource(app, patientsResource, core.patients);
  mountResource(app, encountersResource, core.encounters);
}
