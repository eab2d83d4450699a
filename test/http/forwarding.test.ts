import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { say as sayTo } from '../support/say.js';

const SECRET = 'a-shared-secret-of-32-characters';

/**
 * The Secretariat's endpoint: checks the signature as a receiver must, fails the first call, keeps the rest.
 * (restify, loaded in this process, makes writeHead return nothing: hence no chaining.)
 */
class Receiver {
  readonly accepted: Array<{
    delivery: string;
    body: { event: { status: string; version: number }; practice: { reference: string; title: string } };
  }> = [];
  calls = 0;
  badSignatures = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/intake`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((ok) => this.server?.close(ok));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    this.calls++;
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-mesicic-signature'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.badSignatures++;
      res.writeHead(401);
      res.end();
      return;
    }
    if (this.calls === 1) {
      res.writeHead(503);
      res.end();
      return;
    }
    this.accepted.push({
      delivery: String(req.headers['x-mesicic-delivery']),
      body: JSON.parse(raw.toString('utf8')) as Receiver['accepted'][number]['body'],
    });
    res.writeHead(200);
    res.end();
  }
}

describe('HTTP: forwarding to the Secretariat repository endpoint', function () {
  this.timeout(60_000);
  it('POSTs each submission as signed JSON through the outbox: retried after a 503, delivered once', async () => {
    const receiver = await new Receiver().start();
    const connector = await new ConnectorStandIn().start();
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-forward-'));
    const bot: RunningBot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        FORWARD_URL: receiver.url,
        FORWARD_SECRET: SECRET,
        OUTBOX_POLL_MS: '50',
        OUTBOX_BASE_DELAY_MS: '50',
      },
      pino({ level: 'silent' }),
    );
    try {
      const say = (text: string) => sayTo(bot.url, connector, { aad: 'aad-fwd', text });
      await say('nuevo');
      for (const input of panama().inputs) await say(input);
      await say('enviar');
      await connector.waitFor(() => receiver.accepted.length === 1);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.accepted.length, 1, 'delivered once');
      assert.equal(receiver.calls, 2, 'the 503 was retried');
      assert.equal(receiver.badSignatures, 0);
      const [got] = receiver.accepted;
      assert.match(got!.body.practice.reference, /^MESICIC-BP-\d{4}-0001$/);
      assert.deepEqual(got!.body.event, { status: 'submitted', version: 1, deliveryId: got!.delivery });
      assert.match(got!.body.practice.title, /^Curso de gobierno abierto/);
    } finally {
      await bot.close();
      await connector.stop();
      await receiver.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with FORWARD_URL but no secret, naming the variable', async () => {
    await assert.rejects(
      main({ PORT: '0', FORWARD_URL: 'http://127.0.0.1:9/x' }, pino({ level: 'silent' })),
      /FORWARD_SECRET: is required with FORWARD_URL/,
    );
  });
});
