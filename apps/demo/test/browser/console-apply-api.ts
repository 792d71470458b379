import type { Page } from "playwright-core";

/** An answer as the page received it. */
export interface PageAnswer<T> {
  status: number;
  body: T;
}

/**
 * The API called from inside a page (its fetch), not from the test: the deployment serves only in the
 * namespace the page is in. Set-up and checks go through it; what the test is about goes through the screens.
 */
export class PageApi {
  private constructor(
    private readonly page: Page,
    private readonly token: string,
  ) {}

  static async signIn(page: Page, username: string, password: string): Promise<PageApi> {
    const { status, body } = await send<{ token: string }>(page, "POST", "/api/v1/auth/login", null, { username, password });
    if (status !== 200) throw new Error(`login as ${username} answered ${status}: ${JSON.stringify(body)}`);
    return new PageApi(page, body.token);
  }

  /** Any answer, refusals included. */
  answer<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<PageAnswer<T>> {
    return send<T>(this.page, method, path, this.token, body, contentType);
  }

  /** A successful answer's body; fails with the answer otherwise. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.answer<T>(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}

async function send<T>(
  page: Page,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  contentType = "application/json",
): Promise<PageAnswer<T>> {
  const request = { method, path, token, contentType, body: body === undefined ? null : JSON.stringify(body) };
  const answer = await page.evaluate(async ({ method, path, token, contentType, body }) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== null) headers["content-type"] = contentType;
    const response = await fetch(path, { method, headers, body });
    return { status: response.status, text: await response.text() };
  }, request);
  let parsed: unknown = answer.text;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    // Not JSON: the text says what it is.
  }
  return { status: answer.status, body: parsed as T };
}
