// What @care/plug-sdk re-exports to plugs: the caller-error helpers and ids, without the rest of the core
// (Fastify, pg, PGlite), so importing a plug — at every `care check`, sync and start — stays cheap.
export { CareError, conflict, forbidden, notFound, parseInput, type ErrorDetail } from "./errors.js";
export { newId } from "./ids.js";
