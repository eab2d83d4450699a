import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attachment } from 'botbuilder';
import { visibleText } from '../support/visible.js';

/** One activity the bot posted to the stand-in. */
export interface Posted {
  conversationId: string;
  /** The inbound activity this one answers (from the URL or the body), when the bot replied to one. */
  replyToId?: string;
  text: string;
  /** Adaptive Card attachments, as JSON text (empty when there are none). */
  cards: string;
  authorization?: string;
  at: number;
}

type Outage = { until: number; mode: 'status' | 'hang'; status: number };

/**
 * A connector stand-in (Teams' serviceUrl) for the trust tests. Unlike test/support/connector.ts it indexes
 * replies by the activity they answer, and it can fail one conversation for a span of time: answering an
 * HTTP status, or holding the request with no answer at all (a black-holed connection) until the span ends,
 * when the held sockets are reset.
 */
export class TrustConnector {
  readonly posted: Posted[] = [];
  readonly attempts = new Map<string, number>();
  /** Cards redrawn in place (PUT), which are not messages. */
  updates = 0;
  private readonly byReplyTo = new Map<string, Posted[]>();
  private readonly outages = new Map<string, Outage>();
  private readonly held = new Set<ServerResponse>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** Fails every post to this conversation for `ms` milliseconds from now. */
  failFor(conversationId: string, ms: number, mode: 'status' | 'hang' = 'status', status = 500): void {
    this.outages.set(conversationId, { until: Date.now() + ms, mode, status });
    setTimeout(() => this.releaseHeld(), ms + 5).unref();
  }

  /** Ends every outage now and resets the connections being held. */
  recover(): void {
    this.outages.clear();
    this.releaseHeld();
  }

  private releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return;
    }
    const m = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    // A card redrawn in place (updateActivity): taken, as Teams does, and not counted as a message.
    if (req.method === 'PUT' && m?.[2]) {
      this.updates++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: decodeURIComponent(m[2]) }));
      return;
    }
    // writeHead is not chained: restify, loaded in the same test process, makes it return nothing.
    if (req.method !== 'POST' || !m) {
      res.writeHead(404);
      res.end();
      return;
    }
    const conversationId = decodeURIComponent(m[1]!);
    this.attempts.set(conversationId, (this.attempts.get(conversationId) ?? 0) + 1);
    const outage = this.outages.get(conversationId);
    if (outage && Date.now() < outage.until) {
      if (outage.mode === 'hang') {
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return;
      }
      res.writeHead(outage.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Outage', message: `scripted ${outage.status}` } }));
      return;
    }
    let body: { text?: string; replyToId?: string; attachments?: unknown[] } = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      // recorded with an empty text; the tests look at what they expect
    }
    const replyToId = m[2] ? decodeURIComponent(m[2]) : body.replyToId;
    const auth = req.headers.authorization;
    const cards = body.attachments?.length ? JSON.stringify(body.attachments) : '';
    const posted: Posted = {
      conversationId,
      text: body.text ?? '',
      cards,
      at: Date.now(),
      ...(replyToId ? { replyToId } : {}),
      ...(auth ? { authorization: auth } : {}),
    };
    this.posted.push(posted);
    if (replyToId) this.byReplyTo.set(replyToId, [...(this.byReplyTo.get(replyToId) ?? []), posted]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `r${this.posted.length}` }));
  }

  repliesTo(activityId: string): Posted[] {
    return this.byReplyTo.get(activityId) ?? [];
  }

  /** What a person sees of each reply to one inbound activity, oldest first (see `seen`). */
  seenReplies(activityId: string): string[] {
    return this.repliesTo(activityId).map(seen);
  }

  textsTo(conversationId: string): string[] {
    return this.posted.filter((p) => p.conversationId === conversationId).map((p) => p.text);
  }

  /** Text and cards of each activity sent to one conversation, oldest first. */
  shownTo(conversationId: string): string[] {
    return this.posted
      .filter((p) => p.conversationId === conversationId)
      .map((p) => [p.text, p.cards].filter(Boolean).join('\n'));
  }

  async waitFor(test: () => boolean, timeoutMs = 10_000, what = 'the connector'): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await sleep(20);
    }
  }
}

/** What a person sees of one posted activity: its text, then its cards' texts. */
export function seen(p: Posted): string {
  return visibleText({ text: p.text, attachments: p.cards ? (JSON.parse(p.cards) as Attachment[]) : [] });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every file under a folder, recursively, as paths relative to it. */
export async function walk(root: string, sub = ''): Promise<string[]> {
  let names: import('node:fs').Dirent[];
  try {
    names = await readdir(join(root, sub), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const d of names) {
    const rel = sub ? join(sub, d.name) : d.name;
    if (d.isDirectory()) out.push(...(await walk(root, rel)));
    else out.push(rel);
  }
  return out;
}

/** Parses every .json file under the folder; returns the ones that do not parse, with the reason. */
export async function unparsable(root: string): Promise<{ file: string; error: string; size: number }[]> {
  const bad: { file: string; error: string; size: number }[] = [];
  for (const rel of await walk(root)) {
    if (!rel.endsWith('.json')) continue;
    const text = await readFile(join(root, rel), 'utf8').catch(() => undefined);
    if (text === undefined) continue; // renamed away between the listing and the read
    try {
      const doc = JSON.parse(text) as { etag?: unknown; value?: unknown };
      if (typeof doc !== 'object' || doc === null || typeof doc.etag !== 'string' || !('value' in doc))
        throw new Error('not an {etag, value} envelope');
    } catch (err) {
      bad.push({ file: rel, error: (err as Error).message, size: text.length });
    }
  }
  return bad;
}
