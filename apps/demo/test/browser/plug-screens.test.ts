import { afterAll, beforeAll, expect, it } from "vitest";
import { expectAccessible, signIn, useBrowserDemo } from "./harness.js";
import { screenshot } from "./screenshots.js";
import { DemoApi, passwordOf } from "./seed.js";
import { refusedNumber, startSmsProvider } from "./sms-provider.js";

// notify is on in the demo only when a provider is given: this one accepts every number but `refusedNumber`.
const provider = await startSmsProvider();
const demo = useBrowserDemo({ NOTIFY_URL: provider.url, NOTIFY_API_KEY: "sk_test_browser_demo_key" });
afterAll(() => provider.close());

let api: DemoApi;
let facilityId: string;
let patientId: string;

beforeAll(async () => {
  api = await DemoApi.signIn(demo.server.url);
  facilityId = (await api.createFacility("North Clinic")).id;
  await api.createUser("nurse.neema", ["nurse"], [facilityId]);
  patientId = (await api.createPatient(facilityId, "Amina Diallo", "+255700000111")).id;
  await api.createEncounter(patientId);
  // A visit for a number the provider refuses: a failed message for the admin page.
  await api.createEncounter((await api.createPatient(facilityId, "Baraka Juma", refusedNumber)).id);
  await api.waitForItems("/api/plugs/notify/admin/messages", 2);
  await api.waitForItems("/api/plugs/hello/greetings", 2);
});

it("orders a lab test and records its result on the patient's Lab tab", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.goto(`/patients/${patientId}`);
  await page.getByRole("tab", { name: "Lab" }).click();
  await page.getByText("No lab orders yet.").waitFor();
  await page.getByLabel("Test code").fill("fbc");
  await page.getByLabel("Test name").fill("Full blood count");
  await page.getByLabel("Priority").selectOption("urgent");
  await page.getByRole("button", { name: "Order test" }).click();
  await page.getByRole("status").filter({ hasText: "Full blood count ordered." }).waitFor();
  const row = page.getByRole("row", { name: /Full blood count \(FBC\)/ });
  await row.getByText("Pending").waitFor();
  await expectAccessible(page, "patient page, Lab tab");

  await page.getByRole("button", { name: "Record result: Full blood count" }).click();
  await page.getByLabel("Value").fill("10.1");
  await page.getByLabel("Unit").fill("g/dL");
  await page.getByLabel("Reference range: low").fill("12");
  await page.getByLabel("Reference range: high").fill("16");
  await page.getByRole("button", { name: "Save result" }).click();
  await row.getByText("Resulted").waitFor();
  expect(await row.textContent()).toMatch(/Urgent.*10\.1 g\/dL.*Low/);
  await page.getByLabel("Test code").fill("HBA1C");
  await page.getByLabel("Test name").fill("Glycated haemoglobin");
  await page.getByRole("button", { name: "Order test" }).click();
  await page
    .getByRole("row", { name: /Glycated haemoglobin \(HBA1C\)/ })
    .getByText("Pending")
    .waitFor();
  await screenshot(page, "patient-lab-tab");

  // What the screen showed is what the plug stored.
  const { items } = await api.call<{ items: Array<Record<string, any>> }>("GET", `/api/plugs/lab/patients/${patientId}/orders`);
  expect(items.map((order) => `${order.testCode} ${order.status}`)).toEqual(["HBA1C pending", "FBC resulted"]);
  expect(items[1]).toMatchObject({ testName: "Full blood count", priority: "urgent" });
  expect(items[1]?.result).toMatchObject({ value: "10.1", unit: "g/dL", flag: "low", referenceRange: { low: 12, high: 16 } });
});

it("orders a lab test from an encounter's page, where lab adds its action", async () => {
  const patient = await api.createPatient(facilityId, "Zawadi Mushi");
  const encounter = await api.createEncounter(patient.id);
  const page = await demo.newPage();
  await signIn(page);
  await page.goto(`/encounters/${encounter.id}`);
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("heading", { name: "Order a test", level: 3 }).waitFor();
  // On the encounter's page the order is for this encounter: there is nothing to choose.
  expect(await actions.getByLabel("Encounter").count()).toBe(0);
  await actions.getByLabel("Test code").fill("MAL");
  await actions.getByLabel("Test name").fill("Malaria rapid test");
  await actions.getByRole("button", { name: "Order test" }).click();
  await actions.getByRole("status").filter({ hasText: "Malaria rapid test ordered." }).waitFor();
  await expectAccessible(page, "encounter page with lab's action");

  const { items } = await api.call<{ items: Array<Record<string, any>> }>("GET", `/api/plugs/lab/patients/${patient.id}/orders`);
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ testCode: "MAL", testName: "Malaria rapid test", status: "pending", encounterId: encounter.id });
});

it("shows hello's dashboard widget and hello's own page from the navigation", async () => {
  const page = await demo.newPage();
  await signIn(page);
  const widget = page.getByRole("region", { name: "Greetings" });
  await widget.getByText("Welcome, Amina Diallo!").waitFor();
  await page.getByRole("navigation").getByRole("link", { name: "Greetings" }).click();
  await page.waitForURL("**/plugs/hello/greetings");
  await page.getByRole("heading", { name: "Greetings", level: 1 }).waitFor();
  await page.getByRole("list", { name: "Greetings" }).getByText("Welcome, Baraka Juma!").waitFor();
  await expectAccessible(page, "hello's page");
});

it("lists sent and failed visit messages on notify's admin page, for administrators", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Administration" }).click();
  await page.getByRole("link", { name: "Visit messages" }).click();
  await page.getByRole("heading", { name: "Visit messages", level: 1 }).waitFor();
  const table = page.getByRole("table", { name: "Visit messages" });
  await table.getByRole("row", { name: /Sent.*\+255700000111/ }).waitFor();
  await table.getByRole("row", { name: /Failed.*\+000000000.*400: invalid recipient/ }).waitFor();
  await expectAccessible(page, "notify's admin page");
  await screenshot(page, "admin-notify-messages");

  await page.getByLabel("Status").selectOption("rejected");
  await table.getByRole("row", { name: /Sent/ }).waitFor({ state: "detached" });
  await table.getByRole("row", { name: /Failed/ }).waitFor();
  // The header row and the one failed message.
  expect(await table.getByRole("row").count()).toBe(2);
});

it("shows a nurse neither the administration nor notify's admin page", async () => {
  const page = await demo.newPage();
  await signIn(page, "nurse.neema", passwordOf("nurse.neema"));
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  expect(await page.getByRole("link", { name: "Administration" }).count()).toBe(0);
  await page.goto("/admin/plugs/notify/messages");
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  expect(await page.getByText("+000000000").count()).toBe(0);
});

it("shows a nurse only the patients of her facilities, as the API scopes them", async () => {
  const south = await api.createFacility("South Clinic");
  const elsewhere = await api.createPatient(south.id, "Kito Elsewhere");
  const page = await demo.newPage();
  await signIn(page, "nurse.neema", passwordOf("nurse.neema"));
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  await page.getByRole("navigation").getByRole("link", { name: "Patients", exact: true }).click();
  await page.getByRole("heading", { name: "Patients", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Amina Diallo" }).waitFor();
  expect(await page.getByText("Kito Elsewhere").count()).toBe(0);
  // Her facilities are the only ones listed, and another facility's patient is not found, even by address.
  await page.goto("/facilities");
  await page.getByRole("cell", { name: "North Clinic" }).waitFor();
  expect(await page.getByRole("cell", { name: "South Clinic" }).count()).toBe(0);
  await page.goto(`/patients/${elsewhere.id}`);
  await page.getByRole("alert").filter({ hasText: "not_found" }).waitFor();
  expect(await page.getByText("Kito Elsewhere").count()).toBe(0);
});

it("contains a lab tab that throws: a message naming the plug, and the rest of the page still works", async () => {
  const page = await demo.newPage();
  await signIn(page);
  // The lab tab gets an answer it cannot read (no list of orders), so its component throws while rendering.
  await page.route("**/api/plugs/lab/patients/*/orders*", (route) => route.fulfill({ json: { items: null } }));
  await page.goto(`/patients/${patientId}?tab=lab.orders`);
  await page.getByRole("alert").filter({ hasText: "The lab plug's screen failed" }).waitFor();
  await page.getByRole("tab", { name: "Overview" }).click();
  await page.getByRole("heading", { name: "Encounters" }).waitFor();
  await page.getByRole("link", { name: "Facilities" }).click();
  await page.getByRole("cell", { name: "North Clinic" }).waitFor();
});
