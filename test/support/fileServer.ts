import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Stands in for OneDrive: serves each file added, by name, at the address `add` returns (a Teams downloadUrl). */
export class FileServer {
  private readonly files = new Map<string, Uint8Array>();
  private server: Server | undefined;
  url = '';
  /** Requests received, served or not. */
  requests = 0;
  add(name: string, bytes: Uint8Array): string {
    this.files.set(name, bytes);
    return `${this.url}/${encodeURIComponent(name)}`;
  }
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests++;
      const name = decodeURIComponent((req.url ?? '/').slice(1));
      const body = this.files.get(name);
      if (!body) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(Buffer.from(body));
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
