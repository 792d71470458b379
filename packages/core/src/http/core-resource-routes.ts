import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Core } from "../core.js";
import { encountersResource, facilitiesResource, patientsResource, usersResource } from "./core-resources.js";
import { resourceRouteOptions } from "./resource-route-options.js";

/**
 * The four core resources' routes. Each handler is written out against its resource's own route
 * options, so the type provider gives it the parsed params, query and body of exactly those schemas.
 */
export function coreResourceRoutes(app: FastifyInstance, core: Core): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const facilities = resourceRouteOptions(facilitiesResource);
  api.get(facilitiesResource.path, facilities.list, (request) => core.facilities.list(request.actor, request.query));
  api.get(`${facilitiesResource.path}/:id`, facilities.get, (request) => core.facilities.get(request.actor, request.params.id));
  api.post(facilitiesResource.path, facilities.create, async (request, reply) =>
    reply.status(201).send(await core.facilities.create(request.actor, request.body)),
  );
  api.patch(`${facilitiesResource.path}/:id`, facilities.update, (request) =>
    core.facilities.update(request.actor, request.params.id, request.body),
  );

  const users = resourceRouteOptions(usersResource);
  api.get(usersResource.path, users.list, (request) => core.users.list(request.actor, request.query));
  api.get(`${usersResource.path}/:id`, users.get, (request) => core.users.get(request.actor, request.params.id));
  api.post(usersResource.path, users.create, async (request, reply) =>
    reply.status(201).send(await core.users.create(request.actor, request.body)),
  );
  api.patch(`${usersResource.path}/:id`, users.update, (request) => core.users.update(request.actor, request.params.id, request.body));

  const patients = resourceRouteOptions(patientsResource);
  api.get(patientsResource.path, patients.list, (request) => core.patients.list(request.actor, request.query));
  api.get(`${patientsResource.path}/:id`, patients.get, (request) => core.patients.get(request.actor, request.params.id));
  api.post(patientsResource.path, patients.create, async (request, reply) =>
    reply.status(201).send(await core.patients.create(request.actor, request.body)),
  );
  api.patch(`${patientsResource.path}/:id`, patients.update, (request) =>
    core.patients.update(request.actor, request.params.id, request.body),
  );

  const encounters = resourceRouteOptions(encountersResource);
  api.get(encountersResource.path, encounters.list, (request) => core.encounters.list(request.actor, request.query));
  api.get(`${encountersResource.path}/:id`, encounters.get, (request) => core.encounters.get(request.actor, request.params.id));
  api.post(encountersResource.path, encounters.create, async (request, reply) =>
    reply.status(201).send(await core.encounters.create(request.actor, request.body)),
  );
  api.patch(`${encountersResource.path}/:id`, encounters.update, (request) =>
    core.encounters.update(request.actor, request.params.id, request.body),
  );
}
