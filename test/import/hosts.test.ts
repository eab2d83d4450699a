import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readIncoming } from '../../bot/handlers/documents.js';
import { download } from '../../bot/import/download.js';
import { DocumentRefused } from '../../bot/import/refused.js';

/*
 * Where a download may go. In production only SharePoint's hosts over https are fetched (Teams hands files over
 * from there), and every redirect is checked before it is followed: a forged activity cannot make the bot read
 * an internal address.
 */

describe('import: which addresses a download may reach', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/hop') {
        res.writeHead(302, { location: '/internal' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('secret');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((ok) => server.close(() => ok())));

  it('in production, an address that is not SharePoint over https is never fetched', async () => {
    hits.length = 0;
    for (const url of [`${base}/internal`, 'https://169.254.169.254/latest/meta-data', 'https://evil.example/x.docx'])
      assert.deepEqual(await readIncoming({ name: 'x.docx', downloadUrl: url }, { allowHttp: false }), {
        name: 'x.docx',
        refused: 'noDownload',
      });
    assert.deepEqual(hits, []);
  });

  it('a redirect to an address not allowed is refused before it is followed', async () => {
    hits.length = 0;
    const allowUrl = (u: URL) => u.pathname !== '/internal';
    const refused = await download(`${base}/hop`, { allowUrl }).catch((e: unknown) => e);
    assert.ok(refused instanceof DocumentRefused);
    assert.deepEqual([refused.reason, refused.detail], ['downloadFailed', { cause: 'host' }]);
    assert.deepEqual(hits, ['/hop'], 'the internal address was never asked');
    // Allowed, the same redirect is followed.
    assert.equal(Buffer.from(await download(`${base}/hop`)).toString(), 'secret');
  });
});
