import { beforeAll, expect, it } from "vitest";
import { expectAccessible, signIn, submitLogin, useBrowserDemo } from "./harness.js";
import { DemoApi } from "./seed.js";

const demo = useBrowserDemo();
let api: DemoApi;

beforeAll(async () => {
  api = await DemoApi.signIn(demo.server.url);
  await api.createFacility("North Clinic");
});

it("refuses a wrong password on the login page, then signs in to the dashboard", async () => {
  const page = await demo.newPage();
  await page.goto("/login");
  await page.getByRole("heading", { name: "Sign in to Care" }).waitFor();
  await expectAccessible(page, "login");
  await submitLogin(page, "admin", "not the password");
  await page.getByRole("alert").waitFor();
  expect(new URL(page.url()).pathname).toBe("/login");

  await signIn(page);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  // Checked once hello's widget has loaded its greetings (none yet).
  await page.getByRole("region", { name: "Greetings" }).getByText("No patient has been greeted yet").waitFor();
  await expectAccessible(page, "dashboard");
});

it("registers a patient, opens an encounter, and every core screen on the way passes axe", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Facilities" }).click();
  await page.getByRole("cell", { name: "North Clinic" }).waitFor();
  await expectAccessible(page, "facilities");

  await page.getByRole("link", { name: "Register a patient" }).first().click();
  // The screen loads lazily: until its heading shows, the facilities page (with its own "facility" labels) is still there.
  await page.getByRole("heading", { name: "Register a patient", level: 1 }).waitFor();
  await page.getByRole("combobox", { name: "Facility" }).selectOption({ label: "North Clinic" });
  await page.getByLabel(/^Name/).fill("Amina Diallo");
  await page.getByLabel("Date of birth").fill("1984-03-09");
  await page.getByLabel("Sex").selectOption("female");
  await page.getByLabel("Phone").fill("+255700000111");
  await expectAccessible(page, "register a patient");
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await page.getByRole("heading", { name: "Amina Diallo", level: 1 }).waitFor();
  await expectAccessible(page, "patient");
  const patientId = new URL(page.url()).pathname.split("/").pop() ?? "";
  const stored = await api.call<{ name: string; birthDate: string; phone: string }>("GET", `/api/v1/patients/${patientId}`);
  expect(stored).toMatchObject({ name: "Amina Diallo", birthDate: "1984-03-09", phone: "+255700000111" });

  // Edit: a new phone number and a national id, stored as typed.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("heading", { name: "Edit Amina Diallo", level: 1 }).waitFor();
  await page.getByRole("textbox", { name: "Phone" }).fill("+255700000222");
  await page.getByRole("button", { name: "Add identifier" }).click();
  await page.getByRole("textbox", { name: "System 1" }).fill("tz-nida");
  await page.getByRole("textbox", { name: "Value 1" }).fill("19840309-12345-00001-22");
  await expectAccessible(page, "edit a patient");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("heading", { name: "Amina Diallo", level: 1 }).waitFor();
  const edited = await api.call<{ phone: string; identifiers: Array<{ system: string; value: string }> }>(
    "GET",
    `/api/v1/patients/${patientId}`,
  );
  expect(edited.phone).toBe("+255700000222");
  expect(edited.identifiers).toEqual([expect.objectContaining({ system: "tz-nida", value: "19840309-12345-00001-22" })]);

  await page.getByRole("link", { name: "Patients", exact: true }).click();
  await page.getByRole("heading", { name: "Patients", level: 1 }).waitFor();
  await page.getByRole("searchbox", { name: "Name" }).fill("Amina");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Amina Diallo" }).waitFor();
  await expectAccessible(page, "patients");

  await page.getByRole("link", { name: "Amina Diallo" }).click();
  await page.getByRole("button", { name: "Open encounter" }).click();
  await page.getByRole("heading", { name: "Outpatient encounter", level: 1 }).waitFor();
  await expectAccessible(page, "encounter");
  await page.getByRole("button", { name: "Finish" }).click();
  await page.getByText("This encounter is closed; its status can no longer change.").waitFor();
  const encounterId = new URL(page.url()).pathname.split("/").pop() ?? "";
  expect((await api.call<{ status: string }>("GET", `/api/v1/encounters/${encounterId}`)).status).toBe("finished");

  await page.getByRole("link", { name: "Administration" }).click();
  await page.getByRole("heading", { name: "Administration", level: 1 }).waitFor();
  await expectAccessible(page, "administration");
});

it("switches to French, core and plug texts alike, and keeps the choice after a reload", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByLabel("Language").selectOption("fr");
  await page.getByRole("heading", { name: "Tableau de bord", level: 1 }).waitFor();
  // hello's widget, in hello's own French.
  await page.getByRole("region", { name: "Salutations" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "Tableau de bord", level: 1 }).waitFor();
  expect(await page.getByRole("button", { name: "Se déconnecter" }).count()).toBe(1);
  await expectAccessible(page, "dashboard (French)");
});
