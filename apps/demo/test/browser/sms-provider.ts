import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A recipient this provider refuses for good (400), as a real one refuses an invalid number. */
export const refusedNumber = "+000000000";

/** An SMS provider on 127.0.0.1 for notify: it accepts every message except those to `refusedNumber`. */
export async function startSmsProvider(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const to = (JSON.parse(body || "{}") as { to?: string }).to;
      const [status, answer] = to === refusedNumber ? [400, { error: "invalid recipient" }] : [200, { id: `msg_${randomUUID()}` }];
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
