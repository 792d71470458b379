import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalogues } from "../../../scripts/error-catalogue.mjs";
import { pickLanguage } from "../src/i18n/languages.js";
import { en } from "../src/i18n/locales/en.js";
import { fr } from "../src/i18n/locales/fr.js";

/** Every leaf key of a resource object, dotted: `nav.patients`. */
const leafKeys = (resources: object, prefix = ""): string[] =>
  Object.entries(resources).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );

const valueAt = (resources: object, key: string): unknown =>
  key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources);

const sourceDir = join(import.meta.dirname, "../src");
const sources = readdirSync(sourceDir, { recursive: true, encoding: "utf8" })
  .filter((file) => /\.tsx?$/.test(file) && !file.includes("locales"))
  .map((file) => ({ file, text: readFileSync(join(sourceDir, file), "utf8") }));

describe("the core's texts", () => {
  it("has the same keys in French as in English, none empty", () => {
    expect(leafKeys(fr).sort()).toEqual(leafKeys(en).sort());
    for (const key of leafKeys(fr)) expect(String(valueAt(fr, key)).trim(), key).not.toBe("");
  });

  it("uses the same {{placeholders}} in both languages", () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();
    for (const key of leafKeys(en)) expect(placeholders(valueAt(fr, key)), key).toEqual(placeholders(valueAt(en, key)));
  });

  it("has every key the screens ask for", () => {
    const missing: string[] = [];
    let asked = 0;
    for (const { file, text } of sources) {
      // t("nav.patients"): a literal key.
      for (const [, key] of text.matchAll(/\bt\(\s*"([\w.]+)"/g)) {
        asked++;
        if (typeof valueAt(en, key!) !== "string") missing.push(`${file}: ${key}`);
      }
      // t(`sex.${patient.sex}`): a group of keys, one per value.
      for (const [, group] of text.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) {
        asked++;
        if (typeof valueAt(en, group!) !== "object") missing.push(`${file}: ${group}.*`);
      }
    }
    expect(asked).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});

/** Codes met only at start-up or build time, by an operator's terminal: no screen ever shows them. */
const neverOnScreen = (code: string) =>
  /^(core_downgrade_refused|core_migration_failed|web_ui_manifest_missing)$/.test(code) || code.startsWith("data_folder_");

describe("the error texts", () => {
  it("has English and French for every code the core API or the web app can put on a screen", async () => {
    const catalogues = await readCatalogues();
    const shown = catalogues
      .filter(({ packageName }) => packageName === "@care/core" || packageName === "@care/web")
      .flatMap(({ errors }) => errors.map(({ code }) => code))
      .filter((code) => !neverOnScreen(code));
    expect(shown).toEqual(expect.arrayContaining(["validation_failed", "unauthorized", "not_found", "network_unreachable"]));
    const untranslated = shown.filter((code) => [en, fr].some((texts) => typeof valueAt(texts, `errors.codes.${code}`) !== "string"));
    expect(untranslated).toEqual([]);
  });
});

describe("the language shown", () => {
  it("is the stored choice, else the first preferred language the app has, else English", () => {
    expect(pickLanguage("fr", ["en-US"])).toBe("fr");
    expect(pickLanguage(null, ["de-DE", "fr-CA", "en"])).toBe("fr");
    expect(pickLanguage("klingon", ["en-GB"])).toBe("en");
    expect(pickLanguage(null, ["de", "es"])).toBe("en");
  });
});
