import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error.js";

/** A refusal (4xx) will not change on retry; only an unreachable server or a 5xx is retried, once. */
const shouldRetry = (failures: number, error: unknown) =>
  failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

export const createQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, staleTime: 10_000 }, mutations: { retry: false } } });
