import { adminPassword } from "./demo-server.js";

/**
 * Set-up the tests do through the API (what an administrator did earlier), so that each test drives in the
 * browser only the screen it is about.
 */
export class DemoApi {
  private constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  static async signIn(url: string, username = "admin", password = adminPassword): Promise<DemoApi> {
    const answer = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (answer.status !== 200) throw new Error(`login as ${username} answered ${answer.status}: ${await answer.text()}`);
    return new DemoApi(url, ((await answer.json()) as { token: string }).token);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createFacility(name: string): Promise<{ id: string; name: string }> {
    return this.call("POST", "/api/v1/facilities", { name, kind: "clinic" });
  }

  createUser(username: string, roles: string[], facilityIds: string[]): Promise<{ id: string }> {
    return this.call("POST", "/api/v1/users", {
      username,
      displayName: `Test ${username}`,
      password: passwordOf(username),
      roles,
      facilityIds,
    });
  }

  createPatient(facilityId: string, name: string, phone?: string): Promise<{ id: string }> {
    return this.call("POST", "/api/v1/patients", { facilityId, name, birthDate: "1980-04-12", sex: "female", phone });
  }

  /** Asks a GET route until its `items` hold `count` entries (plugs handle signals after the write commits). */
  async waitForItems(path: string, count: number): Promise<void> {
    const deadline = Date.now() + 90_000;
    let seen = 0;
    while (Date.now() < deadline) {
      seen = (await this.call<{ items: unknown[] }>("GET", path)).items.length;
      if (seen >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${path} still lists ${seen} item(s), not ${count}`);
  }

  createEncounter(patientId: string, status: "planned" | "in_progress" = "in_progress"): Promise<{ id: string }> {
    return this.call("POST", "/api/v1/encounters", { patientId, kind: "outpatient", status });
  }
}

/** The password DemoApi.createUser gives a user. */
export const passwordOf = (username: string) => `${username} browser test passphrase`;
