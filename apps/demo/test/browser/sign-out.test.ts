import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { expectAccessible, signIn, submitLogin, useBrowserDemo } from "./harness.js";
import { DemoApi, passwordOf } from "./seed.js";

const demo = useBrowserDemo();
const patientName = "Zawadi Mwakyusa";
let api: DemoApi;
let patientId: string;

beforeAll(async () => {
  api = await DemoApi.signIn(demo.server.url);
  const north = await api.createFacility("North Clinic");
  const south = await api.createFacility("South Clinic");
  patientId = (await api.createPatient(north.id, patientName)).id;
  await api.createUser("nurse.south", ["nurse"], [south.id]);
});

// The tests compile without the DOM library: the page's globals are reached through globalThis.
type PageGlobals = { sessionStorage: { getItem(key: string): string | null } };
const storedToken = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem("care.token"));
const signInHeading = (page: Page) => page.getByRole("heading", { name: "Sign in to Care", level: 1 });

/** The patients found by name, loaded whole (a new page, not the app's own navigation), then the patient opened from it. */
async function openPatientFromList(page: Page): Promise<void> {
  await page.goto("/patients?q=Zawadi");
  await page.getByRole("link", { name: patientName }).click();
  await page.getByRole("heading", { name: patientName, level: 1 }).waitFor();
}

it("signs out to a plain sign-in screen that leaves nothing of the previous user, for the next one", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await openPatientFromList(page);
  expect(await storedToken(page)).not.toBeNull();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signInHeading(page).waitFor();
  const signedOut = new URL(page.url());
  expect(signedOut.pathname).toBe("/login");
  expect(signedOut.search).toBe("");
  expect(await storedToken(page)).toBeNull();
  await expectAccessible(page, "sign-in after sign-out");

  // Back through the admin's pages: the patients list, then the dashboard, another page load (which the browser
  // may bring back whole from its back/forward cache). Each is the sign-in screen.
  for (let step = 0; step < 2; step++) {
    await page.goBack();
    await signInHeading(page).waitFor();
    expect(new URL(page.url()).search, `after Back #${step + 1}`).toBe("");
    expect(await page.getByText(patientName).count()).toBe(0);
  }
  await page.reload();
  await signInHeading(page).waitFor();
  expect(await page.getByText(patientName).count()).toBe(0);

  // The next person, at another facility, starts at the dashboard, not at the admin's patient.
  await submitLogin(page, "nurse.south", passwordOf("nurse.south"));
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/");
  expect(await page.getByText(patientName).count()).toBe(0);
  await page.goto(`/patients/${patientId}`);
  await page.getByRole("alert").getByText("This was not found, or it belongs to a facility you cannot see.").waitFor();
  expect(await page.getByText(patientName).count()).toBe(0);
});

it("goes to sign-in with a clear message when the server ends the session mid-way, leaving no patient on screen", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.goto("/patients?q=Zawadi");
  await page.getByRole("link", { name: patientName }).waitFor();

  // The session ends on the server (expired, or ended elsewhere) while the list is on screen.
  const token = await storedToken(page);
  const ended = await fetch(`${demo.server.url}/api/v1/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  expect(ended.status).toBe(204);

  await page.getByRole("link", { name: patientName }).click();
  await page.getByRole("status").getByText("Your session has ended").waitFor();
  await signInHeading(page).waitFor();
  expect(new URL(page.url()).search).toBe("");
  expect(await page.getByText(patientName).count()).toBe(0);
  expect(await storedToken(page)).toBeNull();
  await expectAccessible(page, "sign-in after the session ended");
});

it("says why a sign-in failed in French, not in the server's English", async () => {
  const page = await demo.newPage({ locale: "fr-FR" });
  await page.goto("/login");
  await page.getByRole("heading", { name: "Connexion à Care", level: 1 }).waitFor();
  await page.getByLabel("Identifiant").fill("admin");
  await page.getByLabel(/^Mot de passe/).fill("not the password");
  await page.getByRole("button", { name: "Se connecter" }).click();
  const alert = page.getByRole("alert");
  await alert.getByText("Identifiant ou mot de passe incorrect, ou votre session a pris fin.").waitFor();
  expect(await alert.textContent()).not.toContain("invalid username or password");
  await expectAccessible(page, "sign-in refused (French)");
});
