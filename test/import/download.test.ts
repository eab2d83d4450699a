import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { download } from '../../bot/import/download.js';
import { sampleDocx } from './files.js';
import { refusalOf } from './refusal.js';

/*
 * A real HTTP server on a free port stands in for Teams' pre-authorised download URL. The hostile routes never end
 * by themselves: a download that did not stop at the cap or the time limit would hang the test, not pass it.
 */

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x41);

describe('import: downloading the uploaded file', function () {
  this.timeout(30_000);
  let server: Server;
  let base: string;
  let docx: Uint8Array;
  /** Whether the client hung up on the endless route (so the download really stopped reading). */
  let endlessClosed: Promise<void>;

  before(async () => {
    docx = await sampleDocx();
    let closed!: () => void;
    endlessClosed = new Promise((resolve) => (closed = resolve));
    const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
      // writeHead is not chained: restify, loaded by other tests in the same run, makes it return nothing.
      '/practica.docx': (_req, res) => {
        res.writeHead(200, { 'content-length': docx.length });
        res.end(docx);
      },
      '/moved': (_req, res) => {
        res.writeHead(302, { location: '/practica.docx' });
        res.end();
      },
      '/gone': (_req, res) => {
        res.writeHead(404);
        res.end('not found');
      },
      '/declared-large': (_req, res) => {
        res.writeHead(200, { 'content-length': 11 * MB });
        res.write(CHUNK); // and never the rest: the header alone must be enough to refuse
      },
      '/endless': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked, no length
        const more = (): void => {
          while (res.write(CHUNK));
        };
        res.on('drain', more);
        req.socket.once('close', closed);
        more();
      },
      '/gzip-bomb': (_req, res) => {
        const body = gzipSync(Buffer.alloc(50 * MB));
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length });
        res.end(body);
      },
      '/stall-headers': () => undefined,
      '/stall-body': (_req, res) => {
        res.writeHead(200, { 'content-length': docx.length });
        res.write(docx.subarray(0, 100));
      },
    };
    server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/gone']!)(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives the bytes as sent, following a redirect', async () => {
    assert.deepEqual(await download(`${base}/practica.docx`, { maxBytes: 10 * MB, timeoutMs: 10_000 }), docx);
    assert.deepEqual(await download(`${base}/moved`), docx);
  });

  it('refuses at once when Content-Length is over the cap', async () => {
    const refused = await refusalOf(download(`${base}/declared-large`, { maxBytes: 10 * MB, timeoutMs: 20_000 }));
    assert.deepEqual([refused.reason, refused.detail], ['tooLarge', { declared: 11 * MB, maxBytes: 10 * MB }]);
  });

  it('stops reading a body without a length as soon as it passes the cap, and hangs up', async () => {
    const refused = await refusalOf(download(`${base}/endless`, { maxBytes: 1 * MB, timeoutMs: 20_000 }));
    assert.deepEqual([refused.reason, refused.detail], ['tooLarge', { maxBytes: 1 * MB }]);
    await endlessClosed;
  });

  it('counts what a gzip body inflates to, not what travelled', async () => {
    const refused = await refusalOf(download(`${base}/gzip-bomb`, { maxBytes: 10 * MB, timeoutMs: 20_000 }));
    assert.equal(refused.reason, 'tooLarge');
  });

  it('gives up on a server that never answers, or stops half-way', async () => {
    for (const route of ['/stall-headers', '/stall-body']) {
      const refused = await refusalOf(download(`${base}${route}`, { maxBytes: 10 * MB, timeoutMs: 300 }));
      assert.deepEqual([refused.reason, refused.detail], ['downloadFailed', { cause: 'timeout' }], route);
    }
  });

  it('an HTTP error, a closed port, a failing fetch are downloadFailed', async () => {
    assert.deepEqual((await refusalOf(download(`${base}/gone`))).detail, { status: 404 });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.deepEqual((await refusalOf(download(`http://127.0.0.1:${port}/x`))).detail, { cause: 'network' });
    const failing: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    assert.deepEqual((await refusalOf(download('https://x.example/', { fetchImpl: failing }))).detail, {
      cause: 'network',
    });
  });

  it('only fetches http(s): no file:, data: or other schemes', async () => {
    for (const url of ['file:///etc/passwd', 'data:application/octet-stream;base64,UEsDBA==', 'ftp://x/y', 'nonsense'])
      assert.deepEqual((await refusalOf(download(url))).detail, { cause: 'scheme' }, url);
  });
});
