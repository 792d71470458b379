import { z } from "zod";
import { errorAnswers, pageOf } from "./answer-schemas.js";

/** One core resource as the API serves it: its path, names for the reference, and its zod schemas. */
export interface Resource<Entity extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType, Query extends z.ZodType> {
  /** `/facilities`. */
  path: string;
  /** "facility": the reference's summaries name it. */
  noun: string;
  /** Who may read and write it, shown under every operation. */
  access: string;
  entity: Entity;
  create: Create;
  update: Update;
  /** The list's filters and paging, a strict object: an unknown query parameter is refused. */
  query: Query;
}

/** Routes that take no query parameters refuse any. */
export const noQuery = z.strictObject({});

/**
 * The id in the path. Documented as a UUID, but not refused as one here: an id that is not a UUID
 * names nothing, and the services answer it 404 like any unknown id (`knownId`).
 */
const idParams = (noun: string) => z.strictObject({ id: z.string().meta({ format: "uuid", description: `the ${noun}'s id` }) });

/**
 * The options (schemas, summary, tags) of `GET /<path>`, `GET /<path>/:id`, `POST /<path>` (201)
 * and `PATCH /<path>/:id` for one resource; `core-resource-routes.ts` mounts them with their handlers.
 */
export function resourceRouteOptions<Entity extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType, Query extends z.ZodType>(
  resource: Resource<Entity, Create, Update, Query>,
) {
  const { path, noun, access: description, entity } = resource;
  const tags = [path.slice(1)];
  const params = idParams(noun);
  const one = `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
  return {
    list: {
      schema: {
        summary: `List ${tags[0]}`,
        description,
        tags,
        querystring: resource.query,
        response: { 200: pageOf(entity).describe(`a page of ${tags[0]}`), ...errorAnswers(400, 401) },
      },
    },
    get: {
      schema: {
        summary: `Read ${one}`,
        description,
        tags,
        params,
        querystring: noQuery,
        response: { 200: entity.describe(`the ${noun}`), ...errorAnswers(400, 401, 404) },
      },
    },
    create: {
      schema: {
        summary: `Create ${one}`,
        description,
        tags,
        querystring: noQuery,
        body: resource.create,
        response: { 201: entity.describe(`the new ${noun}`), ...errorAnswers(400, 401, 403, 409) },
      },
    },
    update: {
      schema: {
        summary: `Change ${one}`,
        description,
        tags,
        params,
        querystring: noQuery,
        body: resource.update,
        response: { 200: entity.describe(`the ${noun} as it is now`), ...errorAnswers(400, 401, 403, 404, 409) },
      },
    },
  };
}
