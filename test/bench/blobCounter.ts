import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one blob call did, as the storage service sees it. */
export type BlobOp = 'read' | 'write' | 'list' | 'delete' | 'other';

/**
 * A counting proxy in front of Azurite: the bot's connection string points here, every request is forwarded
 * unchanged (Shared Key signs the path, the query and the x-ms headers, not the host) and counted by operation
 * and by the first part of the document's key (drafts, profiles, outbox, ...). 412 and 409 answers are counted
 * as conflicts.
 */
export class BlobCounter {
  private server: Server | undefined;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  /** `${op} ${area}` -> calls. */
  readonly calls = new Map<string, number>();
  total = 0;
  conflicts = 0;
  /** `${op} ${area}` -> 412/409 answers. */
  readonly conflictsBy = new Map<string, number>();
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** The counts so far, to subtract from a later snapshot. */
  snapshot(): { total: number; conflicts: number; calls: Map<string, number> } {
    return { total: this.total, conflicts: this.conflicts, calls: new Map(this.calls) };
  }

  private classify(req: IncomingMessage): string {
    const url = new URL(req.url ?? '/', 'http://x');
    // /<account>/<container>/<key>.json, the key's slashes kept, its parts URL-encoded.
    const [, , , ...key] = url.pathname.split('/');
    const list = url.searchParams.get('comp') === 'list';
    const op: BlobOp = list
      ? 'list'
      : url.searchParams.get('restype') === 'container'
        ? 'other'
        : req.method === 'GET' || req.method === 'HEAD'
          ? 'read'
          : req.method === 'PUT'
            ? 'write'
            : req.method === 'DELETE'
              ? 'delete'
              : 'other';
    const area = (list ? (url.searchParams.get('prefix') ?? '') : key.join('/')).split('/')[0] || '-';
    return `${op} ${decodeURIComponent(area)}`;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const what = this.classify(req);
    this.calls.set(what, (this.calls.get(what) ?? 0) + 1);
    this.total++;
    const upstream = request(
      new URL(req.url ?? '/', this.target),
      { method: req.method, headers: req.headers, agent: this.agent },
      (up) => {
        if (up.statusCode === 412 || up.statusCode === 409) {
          this.conflicts++;
          this.conflictsBy.set(what, (this.conflictsBy.get(what) ?? 0) + 1);
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

/** What happened between two snapshots: total calls, conflicts, and the calls by kind, most first. */
export function since(
  before: ReturnType<BlobCounter['snapshot']>,
  after: ReturnType<BlobCounter['snapshot']>,
): { total: number; conflicts: number; calls: [string, number][] } {
  const calls: [string, number][] = [];
  for (const [k, n] of after.calls) {
    const d = n - (before.calls.get(k) ?? 0);
    if (d > 0) calls.push([k, d]);
  }
  return {
    total: after.total - before.total,
    conflicts: after.conflicts - before.conflicts,
    calls: calls.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}
