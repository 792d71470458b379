import i18next from "i18next";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import {
  CareUiHostProvider,
  PlugScope,
  plugNamespace,
  useCareUser,
  usePlugId,
  usePlugTranslation,
  type CareUiHost,
  type UiUser,
} from "../src/ui/index.js";

const nurse: UiUser = { id: "u1", username: "amina", displayName: "Amina Diallo", roles: ["nurse"], facilityIds: ["f1"] };
const hostFor = (user: UiUser | null): CareUiHost => ({ fetch: () => Promise.reject(new Error("unused")), user, locale: "fr" });

async function i18nWithLab() {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: "fr", fallbackLng: "en", resources: {} });
  i18n.addResourceBundle("en", plugNamespace("lab"), { tab: "Lab orders", count: "{{count}} pending" });
  i18n.addResourceBundle("fr", plugNamespace("lab"), { tab: "Analyses", count: "{{count}} en attente" });
  return i18n;
}

function LabTab(): ReactNode {
  const { t, locale } = usePlugTranslation();
  const user = useCareUser();
  return `${usePlugId()}|${t("tab")}|${t("count", { count: 2 })}|${locale}|${user.displayName}`;
}

const render = async (user: UiUser | null, screen: () => ReactNode) =>
  renderToString(
    createElement(
      I18nextProvider,
      { i18n: await i18nWithLab() },
      createElement(CareUiHostProvider, { value: hostFor(user) }, createElement(PlugScope, { plugId: "lab" }, createElement(screen))),
    ),
  );

describe("a plug screen inside the host and its PlugScope", () => {
  it("reads the plug's own translations in the user's language, its id and the signed-in user", async () => {
    expect(await render(nurse, LabTab)).toBe("lab|Analyses|2 en attente|fr|Amina Diallo");
  });

  it("refuses to render for nobody signed in, and outside a PlugScope", async () => {
    await expect(render(null, LabTab)).rejects.toThrow("nobody is signed in");
    expect(() =>
      renderToString(
        createElement(
          CareUiHostProvider,
          { value: hostFor(nurse) },
          createElement(() => usePlugId()),
        ),
      ),
    ).toThrow("no PlugScope around this screen");
  });
});
