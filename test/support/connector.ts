import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { visibleText } from './visible.js';

export interface Captured {
  conversationId: string;
  activity: Partial<Activity>;
}

type Scripted = { status: number; headers?: Record<string, string> };

/**
 * A stand-in for the Bot Framework connector (Teams' serviceUrl): records what the bot sends and can be told
 * to fail the next posts to a conversation, as Teams does under load.
 */
export class ConnectorStandIn {
  readonly sent: Captured[] = [];
  /** Activities the bot replaced in place (updateActivity), with the id it replaced. */
  readonly updated: Array<Captured & { id: string }> = [];
  readonly attempts = new Map<string, number>();
  private readonly failures = new Map<string, Scripted[]>();
  private server: Server | undefined;
  url = '';

  failNext(conversationId: string, ...responses: Scripted[]): void {
    this.failures.set(conversationId, [...(this.failures.get(conversationId) ?? []), ...responses]);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res.writeHead.bind(res), res.end.bind(res)));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  private async handle(
    req: IncomingMessage,
    head: (s: number, h?: Record<string, string>) => unknown,
    end: (b?: string) => unknown,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const put = /^\/v3\/conversations\/([^/]+)\/activities\/([^/?]+)/.exec(req.url ?? '');
    if (req.method === 'PUT' && put) {
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Activity>;
      this.updated.push({ conversationId: decodeURIComponent(put[1]!), id: decodeURIComponent(put[2]!), activity });
      head(200, { 'content-type': 'application/json' });
      end(JSON.stringify({ id: decodeURIComponent(put[2]!) }));
      return;
    }
    const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      head(404);
      end();
      return;
    }
    const conversationId = decodeURIComponent(m[1]!);
    this.attempts.set(conversationId, (this.attempts.get(conversationId) ?? 0) + 1);
    const scripted = this.failures.get(conversationId)?.shift();
    if (scripted) {
      head(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${scripted.status}` } }));
      return;
    }
    const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Activity>;
    this.sent.push({ conversationId, activity: { ...activity, id: `r${this.sent.length + 1}` } });
    head(200, { 'content-type': 'application/json' });
    end(JSON.stringify({ id: `r${this.sent.length}` }));
  }

  /** What a person sees of each reply to one inbound activity (the bot stamps it as replyToId), oldest first. */
  seenReplies(activityId: string): string[] {
    return this.sent.filter((c) => c.activity.replyToId === activityId).map((c) => visibleText(c.activity));
  }

  /** What a person sees of each message sent to one conversation (text and cards), oldest first. */
  textsTo(conversationId: string): string[] {
    return this.sent.filter((c) => c.conversationId === conversationId).map((c) => visibleText(c.activity));
  }

  async waitFor(test: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > until) throw new Error('Timed out waiting for the connector');
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
