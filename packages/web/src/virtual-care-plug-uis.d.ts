// The deployment's UI manifest (src/ui.generated.ts, written by `care sync`), aliased by careWebConfig.
declare module "virtual:care-plug-uis" {
  import type { PlugUi } from "@care/plug-api/ui";
  export const plugUis: { plugId: string; ui: PlugUi }[];
}
