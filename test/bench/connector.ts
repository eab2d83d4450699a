import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One activity the bot posted to a conversation, stamped when its request reached the stand-in. */
export interface Arrival {
  /** performance.now() when the request's headers arrived. */
  at: number;
  /** The activity's text, if any. */
  text: string;
  /** The whole activity as posted (JSON), for checks on cards. */
  body: string;
}

interface Inbox {
  arrivals: Arrival[];
  /** Requests whose headers came but whose body is still being read. */
  reading: number;
  /** Called when nothing is being read any more. */
  idle?: () => void;
}

const ROUTE = /^\/v3\/conversations\/([^/?]+)\/activities/;

/**
 * A lean stand-in for the Bot Framework connector, for load runs. It answers 200 `{id}` as soon as a request's
 * headers arrive (before reading the body) and stamps that moment as the activity's arrival. A driver opens
 * an inbox for a conversation before posting a message to the bot and collects it once the bot has answered
 * the POST: CloudAdapter answers only after the turn, and the turn awaited every reply's 200, so by then every
 * reply of that turn has at least reached this server. Activities to conversations without an inbox (the
 * Secretariat's notifications) are only counted.
 */
export class BenchConnector {
  private server: Server | undefined;
  private readonly inboxes = new Map<string, Inbox>();
  private seq = 0;
  /** Activities received with no inbox open, by conversation. */
  readonly unclaimed = new Map<string, number>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const at = performance.now();
      const m = ROUTE.exec(req.url ?? '');
      // A card redrawn in place (updateActivity): taken, as Teams takes it; it answers no inbox.
      if (req.method === 'PUT') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"id":"u${++this.seq}"}`);
        req.resume();
        return;
      }
      if (req.method !== 'POST' || !m) {
        res.writeHead(404);
        res.end();
        req.resume();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"r${++this.seq}"}`);
      const conversationId = decodeURIComponent(m[1]!);
      const inbox = this.inboxes.get(conversationId);
      if (!inbox) {
        this.unclaimed.set(conversationId, (this.unclaimed.get(conversationId) ?? 0) + 1);
        req.resume();
        return;
      }
      inbox.reading++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let text: string;
        try {
          text = (JSON.parse(body) as { text?: string }).text ?? '';
        } catch {
          text = '';
        }
        inbox.arrivals.push({ at, text, body });
        if (--inbox.reading === 0) inbox.idle?.();
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Starts collecting what the bot sends to this conversation. Call it before posting the message. */
  open(conversationId: string): void {
    if (this.inboxes.has(conversationId)) throw new Error(`An inbox is already open for ${conversationId}`);
    this.inboxes.set(conversationId, { arrivals: [], reading: 0 });
  }

  /**
   * Closes the inbox and returns what arrived, oldest first, once every body has been read. Call it after
   * the bot answered the POST of the message.
   */
  async collect(conversationId: string, timeoutMs = 30_000): Promise<Arrival[]> {
    const inbox = this.inboxes.get(conversationId);
    if (!inbox) throw new Error(`No inbox open for ${conversationId}`);
    try {
      if (inbox.reading > 0) {
        await new Promise<void>((ok, fail) => {
          const timer = setTimeout(
            () => fail(new Error(`A reply to ${conversationId} was not read within ${timeoutMs} ms`)),
            timeoutMs,
          );
          inbox.idle = () => {
            clearTimeout(timer);
            ok();
          };
        });
      }
      return inbox.arrivals.sort((a, b) => a.at - b.at);
    } finally {
      this.inboxes.delete(conversationId);
    }
  }

  async stop(): Promise<void> {
    this.inboxes.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}
