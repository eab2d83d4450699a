import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in miniature for several bot instances. Each official's messages go to their instances in
 * turn, so two consecutive messages of one official never land on the same instance while two are up; a message
 * posted again (the same activity id: a client's retry or Teams' redelivery) goes to another instance than the
 * one that last had it. Instances can be taken out (killed) and put back (restarted, on a new port). The
 * instance that answered is named in the `x-instance` response header; 502 when it could not be reached.
 */
export class RoundRobin {
  private server: Server | undefined;
  private readonly targets: (string | undefined)[];
  /** The newest activity id of each official, and where each id went last. */
  private readonly lastIdByOfficial = new Map<string, string>();
  private readonly lastByActivity = new Map<string, number>();
  private turn = 0;
  /** Requests forwarded to each instance slot, and those still waiting for its answer. */
  readonly served: number[];
  readonly inFlight: number[];
  url = '';

  constructor(targets: string[]) {
    this.targets = [...targets];
    this.served = targets.map(() => 0);
    this.inFlight = targets.map(() => 0);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** Puts an instance back at a new address, or takes it out (undefined). */
  set(slot: number, url: string | undefined): void {
    this.targets[slot] = url;
  }

  /** The next instance up after `after`, in slot order; the first one up when there is no `after`. */
  private nextUp(after: number | undefined): number | undefined {
    const n = this.targets.length;
    const start = after === undefined ? this.turn++ % n : after + 1;
    for (let k = 0; k < n; k++) {
      const slot = (start + k) % n;
      if (this.targets[slot]) return slot;
    }
    return undefined;
  }

  private route(body: Buffer): number | undefined {
    let id: string | undefined;
    let official: string | undefined;
    try {
      const activity = JSON.parse(body.toString('utf8')) as { id?: string; from?: { aadObjectId?: string } };
      id = activity.id;
      official = activity.from?.aadObjectId;
    } catch {
      // not JSON: plain round robin, and the bot answers it
    }
    const again = id === undefined ? undefined : this.lastByActivity.get(id);
    // A copy goes elsewhere than where that activity went last; a new message elsewhere than where the
    // official's previous message went last (copies of older messages in between do not move it).
    const previous = official === undefined ? undefined : this.lastIdByOfficial.get(official);
    const after = again ?? (previous === undefined ? undefined : this.lastByActivity.get(previous));
    const slot = this.nextUp(after);
    if (slot === undefined) return undefined;
    if (id !== undefined) {
      this.lastByActivity.set(id, slot);
      if (again === undefined && official !== undefined) this.lastIdByOfficial.set(official, id);
    }
    return slot;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return;
    }
    const body = Buffer.concat(chunks);
    const slot = this.route(body);
    const target = slot === undefined ? undefined : this.targets[slot];
    if (slot === undefined || !target) {
      res.writeHead(502);
      res.end();
      return;
    }
    this.served[slot]!++;
    this.inFlight[slot]!++;
    res.once('close', () => this.inFlight[slot]!--);
    let answering = false;
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, 'content-length': String(body.length) }, agent: false },
      (up) => {
        answering = true;
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-instance': String(slot) });
        up.pipe(res);
        up.on('error', () => res.destroy());
      },
    );
    // The instance was killed before or while answering: the client sees what a load balancer would give it
    // (a 502 before the answer began, a cut connection after).
    upstream.on('error', () => {
      if (answering || res.destroyed || res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'x-instance': String(slot) });
      res.end();
    });
    upstream.end(body);
  }
}
