import type { TFunction } from "i18next";
import type { StagedChange } from "./types.js";

/** "0.1.0 → 0.2.0", "0.2.0", or a dash (disabling a plug changes no version). */
export const versionOf = (change: StagedChange): string =>
  change.fromVersion && change.version ? `${change.fromVersion} → ${change.version}` : (change.version ?? "—");

/** One staged change in a sentence: "Upgrade lab 0.1.0 → 0.2.0". */
export const describeChange = (t: TFunction, change: StagedChange): string =>
  t("console.changes.describe", { kind: t(`console.changeKind.${change.kind}`), plug: change.plug, version: versionOf(change) });
