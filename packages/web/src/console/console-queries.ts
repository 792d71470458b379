import { useQuery } from "@tanstack/react-query";
import { consoleApi } from "./console-api.js";

/** The console's query keys: one place, so a change can invalidate what it made stale. */
export const consoleKeys = {
  all: ["admin"] as const,
  plugs: ["admin", "plugs"] as const,
  plug: (plugId: string) => ["admin", "plugs", plugId] as const,
  migrations: ["admin", "migrations"] as const,
  supervisor: ["admin", "supervisor"] as const,
  changes: ["admin", "changes"] as const,
  applies: ["admin", "applies"] as const,
  apply: (applyId: string) => ["admin", "applies", applyId] as const,
};

export const usePlugs = () => useQuery({ queryKey: consoleKeys.plugs, queryFn: consoleApi.plugs });
export const usePlug = (plugId: string) => useQuery({ queryKey: consoleKeys.plug(plugId), queryFn: () => consoleApi.plug(plugId) });
export const useMigrations = () => useQuery({ queryKey: consoleKeys.migrations, queryFn: consoleApi.migrations });
export const useSupervisor = () => useQuery({ queryKey: consoleKeys.supervisor, queryFn: consoleApi.supervisor });
