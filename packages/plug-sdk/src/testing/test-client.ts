import type { FastifyInstance, InjectOptions } from "fastify";

export interface TestResponse<Body = any> {
  status: number;
  body: Body;
  headers: Record<string, unknown>;
}

/** Requests through Fastify's inject, with a bearer token when logged in. */
export class TestClient {
  constructor(
    private readonly app: FastifyInstance,
    readonly token: string | undefined,
  ) {}

  async request<Body = any>(
    method: InjectOptions["method"],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse<Body>> {
    const response = await this.app.inject({
      method,
      url,
      headers: { ...(this.token && { authorization: `Bearer ${this.token}` }), ...headers },
      ...(body !== undefined && { payload: body as InjectOptions["payload"] }),
    });
    const text = response.body;
    return { status: response.statusCode, body: (text ? safeJson(text) : undefined) as Body, headers: response.headers };
  }

  get<Body = any>(url: string) {
    return this.request<Body>("GET", url);
  }
  post<Body = any>(url: string, body?: unknown) {
    return this.request<Body>("POST", url, body ?? {});
  }
  patch<Body = any>(url: string, body?: unknown) {
    return this.request<Body>("PATCH", url, body ?? {});
  }
  delete<Body = any>(url: string) {
    return this.request<Body>("DELETE", url);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
