import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifySchema } from "fastify";

/**
 * What the web app may load: its own scripts, styles, images and fonts, and requests to this server
 * only, so nothing leaves it. Mantine sets inline styles (style attributes, the <style> of its CSS
 * variables), hence style-src 'unsafe-inline'; scripts stay 'self' only.
 */
const webAppPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Vite writes every file whose name carries its content hash to assets/: those never change. */
const cacheControlOf = (file: string) => (file.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");

/** The files of the built app, by path relative to its folder ("assets/index-B1x2.js"); only these are served. */
async function builtFiles(webDir: string): Promise<Set<string>> {
  const entries = await readdir(webDir, { recursive: true, withFileTypes: true });
  return new Set(
    entries.filter((entry) => entry.isFile()).map((entry) => relative(webDir, join(entry.parentPath, entry.name)).split(sep).join("/")),
  );
}

function requestedFile(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, "http://care.invalid").pathname).slice(1);
  } catch {
    return undefined; // A malformed %-escape names no file.
  }
}

/**
 * Serves the deployment's built web app (`dist/web`) at `/`: its files, and index.html for any other
 * GET outside `/api` (the app routes in the browser). Public: the shell holds no data, and each API
 * call it makes carries the user's token. An unknown `/api` path keeps the API's answers (401 without
 * a token, then 404). Without a built app (no index.html) nothing is added. Answers whether it serves.
 */
export async function serveWebApp(app: FastifyInstance, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, "index.html"))) return false;
  const files = await builtFiles(webDir);
  await app.register(fastifyStatic, { root: webDir, serve: false });
  // Not API operations: kept out of the OpenAPI document (`hide` is @fastify/swagger's, registered by the core).
  const hidden = { schema: { hide: true } as FastifySchema };
  app.get("/api", hidden, (_request, reply) => reply.callNotFound());
  app.get("/api/*", hidden, (_request, reply) => reply.callNotFound());
  const shell = { ...hidden, config: { public: "the app shell holds no data; every API call it makes is authenticated" } };
  app.get("/*", shell, (request, reply) => {
    const path = requestedFile(request.url);
    const file = path !== undefined && files.has(path) ? path : "index.html";
    reply.header("content-security-policy", webAppPolicy);
    reply.header("cache-control", cacheControlOf(file));
    return reply.sendFile(file, { cacheControl: false });
  });
  return true;
}
