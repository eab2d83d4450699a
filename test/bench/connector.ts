import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One activity the bot posted to a conversation, stamped when its request reached the stand-in. */
export interface Arrival {
  conversationId: string;
  /** performance.now() when the request's headers arrived. */
  at: number;
  text: string;
}

type Waiter = { resolve: (a: Arrival) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

const ROUTE = /^\/v3\/conversations\/([^/?]+)\/activities/;

/**
 * A lean stand-in for the Bot Framework connector, for load runs. It answers 200 `{id}` as soon as the request
 * headers arrive (before the body is read), stamps the arrival time, and hands each activity to whoever awaits
 * the next reply in that conversation. Activities nobody awaits (the Secretariat's notifications) are counted.
 */
export class BenchConnector {
  private server: Server | undefined;
  private readonly waiters = new Map<string, Waiter>();
  private seq = 0;
  /** Activities received with nobody waiting, by conversation. */
  readonly unclaimed = new Map<string, number>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const at = performance.now();
      const m = ROUTE.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.writeHead(404).end();
        req.resume();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"r${++this.seq}"}`);
      const conversationId = decodeURIComponent(m[1]!);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let text = '';
        try {
          text = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string }).text ?? '';
        } catch {
          text = '';
        }
        this.deliver({ conversationId, at, text });
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  private deliver(arrival: Arrival): void {
    const waiter = this.waiters.get(arrival.conversationId);
    if (!waiter) {
      this.unclaimed.set(arrival.conversationId, (this.unclaimed.get(arrival.conversationId) ?? 0) + 1);
      return;
    }
    clearTimeout(waiter.timer);
    this.waiters.delete(arrival.conversationId);
    waiter.resolve(arrival);
  }

  /**
   * The next activity the bot sends to this conversation. Call it before posting the message it answers, so a
   * fast reply cannot slip past. One waiter per conversation: an official's turns are sequential.
   */
  nextReply(conversationId: string, timeoutMs = 30_000): Promise<Arrival> {
    if (this.waiters.has(conversationId)) throw new Error(`Already waiting for a reply in ${conversationId}`);
    return new Promise<Arrival>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(conversationId);
        reject(new Error(`No reply in ${conversationId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(conversationId, { resolve, reject, timer });
    });
  }

  /** Stops waiting in this conversation (the post failed, no reply will come). */
  cancel(conversationId: string): void {
    const waiter = this.waiters.get(conversationId);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.waiters.delete(conversationId);
    waiter.reject(new Error('cancelled'));
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.values()) clearTimeout(w.timer);
    this.waiters.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}
