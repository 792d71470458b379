// The supervisor's control API (`care serve`): its shapes, the site folder's paths and a client over
// its unix socket. Loads no server or database code: the CLI imports it, and so does the admin API.
export * from "./supervision/index.js";
export { CodedError } from "./errors/coded-error.js";
