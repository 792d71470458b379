import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { loginAnswerSchema } from "../auth/schema.js";
import { loginSchema, type SessionService } from "../auth/sessions.js";
import { CareError } from "../errors.js";
import type { UserService } from "../users/service.js";
import { userSchema } from "../users/schema.js";
import { errorAnswers } from "./answer-schemas.js";
import { bearerToken } from "./authenticate.js";
import type { loginRateLimits } from "./login-rate-limits.js";
import { noQuery } from "./resource-route-options.js";

type LoginLimits = Awaited<ReturnType<typeof loginRateLimits>>;

/** `POST /auth/login` (public), `POST /auth/logout` and `GET /me`. */
export function authRoutes(app: FastifyInstance, sessions: SessionService, users: UserService, loginLimits: LoginLimits): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["auth"];
  api.post(
    "/auth/login",
    {
      config: { public: "it is how a caller gets a token" },
      onRequest: loginLimits.byAddress,
      preHandler: loginLimits.byUsername,
      schema: {
        summary: "Log in: exchange a username and password for a bearer token",
        description: "Failed logins are limited per client address and per username (429 rate_limited, with Retry-After).",
        tags,
        querystring: noQuery,
        body: loginSchema,
        response: { 200: loginAnswerSchema.describe("the token and when it expires"), ...errorAnswers(400, 401) },
      },
    },
    async (request) => {
      try {
        return await sessions.login(request.body, { address: request.ip });
      } catch (error) {
        if (error instanceof CareError && error.code === "unauthorized") await loginLimits.countFailure(request);
        throw error;
      }
    },
  );
  api.post(
    "/auth/logout",
    {
      schema: {
        summary: "Log out: the token stops working at once",
        tags,
        querystring: noQuery,
        response: { 204: z.undefined().describe("the session is closed"), ...errorAnswers(401) },
      },
    },
    async (request, reply) => {
      await sessions.logout(bearerToken(request)!);
      return reply.status(204).send();
    },
  );
  api.get(
    "/me",
    {
      schema: {
        summary: "The signed-in user",
        tags,
        querystring: noQuery,
        response: { 200: userSchema.describe("the user the token belongs to"), ...errorAnswers(401) },
      },
    },
    (request) => {
      if (request.actor.kind !== "user") throw new CareError("unauthorized", "log in first");
      return users.get(request.actor, request.actor.userId);
    },
  );
}
