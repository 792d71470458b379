import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A provider on 127.0.0.1 for delivery handlers to call: it reads the request and answers 200
 * after `latencyMs`, as a remote SMS or registry API would after its round trip and work.
 */
export class LoopbackProvider {
  latencyMs = 0;
  requests = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<LoopbackProvider> {
    let provider: LoopbackProvider | undefined;
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        provider!.requests += 1;
        const answer = () => response.writeHead(200, { "content-type": "application/json" }).end('{"id":"ok"}');
        if (provider!.latencyMs > 0) setTimeout(answer, provider!.latencyMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    provider = new LoopbackProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`);
    return provider;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
