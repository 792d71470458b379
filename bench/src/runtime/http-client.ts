/** The few HTTP calls the parent makes to a served child: log in, register patients. */
export class HttpClient {
  private constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async login(port: number, password: string): Promise<HttpClient> {
    const base = `http://127.0.0.1:${port}`;
    const { token } = await call<{ token: string }>(`${base}/api/v1/auth/login`, "POST", undefined, { username: "admin", password });
    return new HttpClient(base, token);
  }

  get<T>(path: string): Promise<T> {
    return call<T>(`${this.base}${path}`, "GET", this.token);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return call<T>(`${this.base}${path}`, "POST", this.token, body);
  }

  /** A facility and `count` patients at it; returns the patients' ids. */
  async registerPatients(count: number): Promise<string[]> {
    const facility = await this.post<{ id: string }>("/api/v1/facilities", { name: `Bench ${Date.now()}`, kind: "clinic" });
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const patient = await this.post<{ id: string }>("/api/v1/patients", {
        facilityId: facility.id,
        name: `Patient ${index}`,
        birthDate: "1980-01-01",
        sex: "unknown",
      });
      ids.push(patient.id);
    }
    return ids;
  }
}

async function call<T>(url: string, method: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
