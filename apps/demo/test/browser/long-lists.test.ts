import { beforeAll, expect, it } from "vitest";
import { expectAccessible, signIn, useBrowserDemo } from "./harness.js";
import { DemoApi } from "./seed.js";

const demo = useBrowserDemo();
// One more than a page of the API (200 at most): the last one is on a second page.
const facilityCount = 201;
const nameOf = (index: number) => `Clinic ${String(index).padStart(3, "0")}`;

beforeAll(async () => {
  const api = await DemoApi.signIn(demo.server.url);
  for (let index = 1; index <= facilityCount; index++) await api.createFacility(nameOf(index));
}, 120_000);

it("lists facilities past the API's first page with Show more, and offers every one in the facility picker", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Facilities" }).click();
  await page.getByRole("cell", { name: nameOf(200) }).waitFor();
  expect(await page.getByRole("cell", { name: nameOf(facilityCount) }).count()).toBe(0);
  await expectAccessible(page, "facilities, first page");
  await page.getByRole("button", { name: "Show more" }).click();
  await page.getByRole("cell", { name: nameOf(facilityCount) }).waitFor();
  expect(await page.getByRole("button", { name: "Show more" }).count()).toBe(0);

  await page.goto("/patients/new");
  const picker = page.getByRole("combobox", { name: "Facility" });
  await picker.locator("option", { hasText: nameOf(facilityCount) }).waitFor({ state: "attached" });
  expect(await picker.locator("option", { hasText: "Clinic " }).count()).toBe(facilityCount);
});
