// The deployment's UI manifest (src/ui.generated.ts, written by `care sync`), aliased by careWebConfig: each plug's
// UI entry behind a dynamic import, so the app loads them at start and leaves out one that fails.
declare module "virtual:care-plug-uis" {
  import type { PlugUi } from "@care/plug-api/ui";
  export const plugUis: { plugId: string; load: () => Promise<{ default: PlugUi }> }[];
}
