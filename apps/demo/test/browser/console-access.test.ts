import { beforeAll, expect, it } from "vitest";
import { type ApiDocument, operationsOf } from "../api-document.js";
import { signIn, useBrowserDemo } from "./harness.js";
import { DemoApi, passwordOf } from "./seed.js";

// Only administrators reach the console: a nurse is refused by the API and shown no console screen.
const demo = useBrowserDemo();
const consolePaths = ["/admin", "/admin/plug/notify", "/admin/migrations", "/admin/deliveries", "/admin/users", "/admin/changes"];

let nurseToken: string;
let adminOperations: Array<{ method: string; path: string }>;

beforeAll(async () => {
  const admin = await DemoApi.signIn(demo.server.url);
  const facility = await admin.createFacility("North Clinic");
  await admin.createUser("nurse.neema", ["nurse"], [facility.id]);
  const login = await fetch(`${demo.server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "nurse.neema", password: passwordOf("nurse.neema") }),
  });
  nurseToken = ((await login.json()) as { token: string }).token;
  const document = await admin.call<ApiDocument>("GET", "/api/openapi.json");
  adminOperations = operationsOf(document).filter(({ operation }) => operation.tags?.includes("admin"));
});

/** One call to an admin operation, with a body of the kind it takes (the refusal must come before the body matters). */
async function callAs(token: string | null, method: string, path: string): Promise<number> {
  const url = `${demo.server.url}${path.replace(/\{[^}]+\}/g, "lab")}`;
  const upload = path.endsWith("/archives");
  const body = method === "get" || method === "delete" ? undefined : upload ? new Uint8Array([0x1f, 0x8b, 0, 0]) : "{}";
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers["content-type"] = upload ? "application/octet-stream" : "application/json";
  return (await fetch(url, { method: method.toUpperCase(), headers, body })).status;
}

it("answers 403 to a nurse and 401 to an anonymous caller on every admin route of the API", async () => {
  const listed = adminOperations.map(({ method, path }) => `${method} ${path}`);
  // The console's whole API is in the document: a route missing there would escape this test.
  expect(listed).toEqual(
    expect.arrayContaining([
      "get /api/v1/admin/plugs",
      "get /api/v1/admin/plugs/{id}",
      "get /api/v1/admin/migrations",
      "get /api/v1/admin/supervisor",
      "post /api/v1/admin/archives",
      "post /api/v1/admin/changes",
      "get /api/v1/admin/changes",
      "delete /api/v1/admin/changes/{id}",
      "post /api/v1/admin/applies",
      "get /api/v1/admin/applies",
      "get /api/v1/admin/applies/{id}",
    ]),
  );
  for (const { method, path } of adminOperations) {
    expect(`${method} ${path}: ${await callAs(nurseToken, method, path)}`).toBe(`${method} ${path}: 403`);
    expect(`${method} ${path}: ${await callAs(null, method, path)}`).toBe(`${method} ${path}: 401`);
  }
});

it("shows a nurse no console entry in the navigation and the not-allowed screen on every console URL", async () => {
  const page = await demo.newPage();
  await signIn(page, "nurse.neema", passwordOf("nurse.neema"));
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  const navigation = page.getByRole("navigation", { name: "Main navigation" });
  for (const entry of ["Administration", "Plug changes", "Deliveries", "Migrations", "Users"]) {
    expect(await navigation.getByRole("link", { name: entry }).count(), entry).toBe(0);
  }
  for (const path of consolePaths) {
    await page.goto(path);
    await page.getByRole("heading", { name: "Page not found", level: 1 }).waitFor();
    expect(await page.getByRole("table").count(), path).toBe(0);
    expect(await page.getByLabel("Plug archive").count(), path).toBe(0);
  }
});
