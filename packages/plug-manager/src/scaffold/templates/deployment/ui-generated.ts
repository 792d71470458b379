import { generateUiManifest } from "../../../sync/generate-ui-manifest.js";

/** src/ui.generated.ts with no plug screens yet: what `care sync` writes for it, so the first web build works. */
export const uiGenerated = (): string => generateUiManifest([]);
