import type { PlugNames } from "../../../names.js";

/**
 * test/<id>-ui.test.ts: the patient tab rendered (React's server renderer, no browser) with what the
 * plug's route answers on a test deployment, through the same call the tab's hook makes.
 */
export const uiTest = (names: PlugNames): string => `import {
  callPlugRoute,
  CareUiHostProvider,
  PlugScope,
  plugNamespace,
  plugQueryKey,
  type CareUiHost,
} from "@care/plug-sdk/ui";
import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import i18next from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import plug from "../src/index.js";
import ui from "../src/ui/index.js";
import PatientNotesTab from "../src/ui/patient-notes-tab.js";

describe("${names.id}'s screens", () => {
  let deployment: TestDeployment;
  beforeEach(async () => {
    deployment = await startTestDeployment({ plugs: [{ plug, configs: { notePrefix: "New patient" } }] });
  });
  afterEach(() => deployment?.close());

  /** The web app's host, signed in as admin: requests go to the test deployment. */
  const host = (): CareUiHost => ({
    user: { id: "admin", username: "admin", displayName: "Admin", roles: ["admin"], facilityIds: [] },
    locale: "en",
    fetch: async (path, init) => {
      const answer = await deployment.app.inject({
        method: (init?.method ?? "GET") as "GET",
        url: path,
        headers: { ...(init?.headers as Record<string, string>), authorization: \`Bearer \${deployment.admin.token}\` },
        ...(typeof init?.body === "string" && { payload: init.body }),
      });
      return new Response(answer.statusCode === 204 ? null : answer.body, {
        status: answer.statusCode,
        headers: { "content-type": String(answer.headers["content-type"] ?? "application/json") },
      });
    },
  });

  /** The tab as the patient page shows it, once its query has the route's answer. */
  async function renderTab(patientId: string, locale = "en"): Promise<string> {
    // Rendered once, as it stands: a failed query shows its error rather than trying again.
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryOnMount: false } } });
    const route = "GET /patients/:patientId/notes";
    const input = { params: { patientId } };
    await queryClient.prefetchQuery({
      queryKey: plugQueryKey("${names.id}", route, input),
      queryFn: () => callPlugRoute(host(), "${names.id}", route, input),
    });
    const i18n = i18next.createInstance();
    await i18n.init({ lng: locale, fallbackLng: "en", resources: {} });
    for (const [language, texts] of Object.entries(ui.translations ?? {})) {
      i18n.addResourceBundle(language, plugNamespace("${names.id}"), texts);
    }
    const tab = createElement(PlugScope, { plugId: "${names.id}" }, createElement(PatientNotesTab, { patientId }));
    return renderToString(
      createElement(
        QueryClientProvider,
        { client: queryClient },
        createElement(I18nextProvider, { i18n }, createElement(CareUiHostProvider, { value: { ...host(), locale } }, tab)),
      ),
    );
  }

  it("offers a patient tab whose label is translated in each language", () => {
    expect(ui.patientTabs?.map((tab) => tab.id)).toEqual(["notes"]);
    for (const texts of Object.values(ui.translations ?? {})) expect(texts).toHaveProperty(ui.patientTabs![0]!.label);
  });

  it("lists the patient's notes its route answers, in the user's language", async () => {
    const facility = (await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" })).body;
    const registration = { facilityId: facility.id, name: "Neema", birthDate: "2001-02-03", sex: "female" };
    const patient = (await deployment.admin.post("/api/v1/patients", registration)).body;
    await deployment.deliveries();
    const html = await renderTab(patient.id);
    expect(html).toContain("Notes</h2>");
    expect(html).toContain("New patient: Neema");
  });

  it("says in the user's language when its route refuses (here: no such patient)", async () => {
    const html = await renderTab("00000000-0000-7000-8000-000000000000", "fr");
    expect(html).toContain('role="alert"');
    expect(html).toContain("Les notes n&#x27;ont pas pu être chargées : ");
  });
});
`;
