// `env(...)` in plug.config.ts is part of the contract (@care/plug-api).
export { env, isEnvReference, type EnvReference } from "@care/plug-api";
