import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readDocument } from '../../bot/import/readDocx.js';
import { DocumentRefused } from '../../bot/import/refused.js';
import { checkZip } from '../../bot/import/zipCheck.js';
import {
  cfbFile,
  CONTENT_TYPES,
  DOCM_CONTENT_TYPES,
  docxWithDocumentXml,
  longDocx,
  patchCentral,
  SAMPLE_BLOCKS,
  sampleDocx,
  zipOf,
} from './files.js';
import { reasonOf, refusalOf } from './refusal.js';

/*
 * The whole reader: sniff, checkZip, then mammoth in a worker thread. No assertion here is about time: hostile
 * files are judged by the reason they are refused with, and the limits that stop a worker are set far below what
 * the document needs (a 1 ms time limit, a 32 MB heap), so they hold on any machine.
 */

const DOCUMENT = 'word/document.xml';
const TYPES = '[Content_Types].xml';
const text = (s: string) => new TextEncoder().encode(s);

/** A body of `count` paragraphs with the formatting Word puts on each: heavy for the reader's memory. */
function formattedBody(count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `<w:p><w:pPr><w:spacing w:before="${i}" w:after="120"/><w:jc w:val="left"/></w:pPr>` +
      `<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>Línea ${i}</w:t></w:r></w:p>`,
  ).join('');
}

/** How many worker threads are started while `work` runs. */
async function workersStartedDuring(work: () => Promise<unknown>): Promise<number> {
  let started = 0;
  const count = (): void => void started++;
  subscribe('worker_threads', count);
  try {
    await work();
  } finally {
    unsubscribe('worker_threads', count);
  }
  return started;
}

describe('import: reading an uploaded Word document', function () {
  this.timeout(60_000);

  it('reads a real .docx into its blocks: heading, bold label, numbered list, table, no footnote', async () => {
    assert.deepEqual(await readDocument(await sampleDocx()), SAMPLE_BLOCKS);
  });

  it('refuses what is not a .docx by its bytes, whatever it is called', async () => {
    const files: [string, Uint8Array][] = [
      ['pdf', text('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj')],
      ['sharingPage', text('\uFEFF<!DOCTYPE html><html><head><title>practica.docx - OneDrive</title>')],
      ['encrypted', cfbFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage'])],
      ['legacyDoc', cfbFile(['Root Entry', 'WordDocument', '1Table'])],
      ['notDocx', text('1. Institución: ANTAI')],
      ['empty', new Uint8Array(0)],
    ];
    for (const [reason, bytes] of files) assert.equal(await reasonOf(readDocument(bytes)), reason);
  });

  it('refuses hostile ZIPs from their directory, before any worker starts', async () => {
    const docx = await sampleDocx();
    const files: [string, Uint8Array][] = [
      ['zipBomb', await zipOf({ [TYPES]: CONTENT_TYPES, [DOCUMENT]: new Uint8Array(12 * 1024 * 1024) })],
      ['zipBomb', patchCentral(docx, DOCUMENT, 'uncompressed', 300 * 1024 * 1024)],
      [
        'macroEnabled',
        await zipOf({ [TYPES]: DOCM_CONTENT_TYPES, [DOCUMENT]: '<w:document/>', 'word/vbaProject.bin': 'x' }),
      ],
      ['encrypted', patchCentral(docx, DOCUMENT, 'flags', 1)],
      ['notDocx', await zipOf({ 'informe.txt': 'texto' })],
    ];
    for (const [reason, bytes] of files) {
      assert.equal(await reasonOf(() => checkZip(bytes)), reason, 'refused by checkZip itself');
      const workers = await workersStartedDuring(async () => assert.equal(await reasonOf(readDocument(bytes)), reason));
      assert.equal(workers, 0, `no worker for ${reason}`);
    }
    // The count above can see a worker: reading a good file starts one.
    assert.equal(await workersStartedDuring(() => readDocument(docx)), 1);
  });

  it('holds every entry to its declared size, which checkZip trusted', async () => {
    const docx = await sampleDocx();
    const size = checkZip(docx).find((e) => e.name === DOCUMENT)!.uncompressedSize;
    const understated = patchCentral(docx, DOCUMENT, 'uncompressed', size - 100);
    assert.equal(await reasonOf(() => checkZip(understated)), 'accepted');
    const refused = await refusalOf(readDocument(understated));
    assert.deepEqual([refused.reason, refused.detail?.problem], ['zipBomb', 'size lies']);
    assert.equal(await reasonOf(readDocument(patchCentral(docx, DOCUMENT, 'uncompressed', size + 100))), 'unreadable');
  });

  it('a package mammoth cannot read, or XML that is not XML, is unreadable', async () => {
    const noRelationships = await zipOf({ [TYPES]: CONTENT_TYPES, [DOCUMENT]: '<w:document/>' });
    assert.equal(await reasonOf(readDocument(noRelationships)), 'unreadable');
    assert.equal(await reasonOf(readDocument(await docxWithDocumentXml(() => '<w:document><w:body'))), 'unreadable');
  });

  it('a document with no text in it is empty', async () => {
    const blank = await docxWithDocumentXml((xml) =>
      xml.replace(
        /<w:body>[\s\S]*<w:sectPr/,
        '<w:body><w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p><w:sectPr',
      ),
    );
    assert.equal(await reasonOf(readDocument(blank)), 'empty');
  });

  describe('external entities (XXE) and entity expansion', () => {
    let dir: string;
    let secretUrl: string;
    const SECRET = 'TOP-SECRET-7f3a';

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mesicic-xxe-'));
      await writeFile(join(dir, 'secret.txt'), SECRET);
      secretUrl = pathToFileURL(join(dir, 'secret.txt')).href;
    });
    after(() => rm(dir, { recursive: true, force: true }));

    /** The document with a DOCTYPE before its root and `use` in its first text. */
    const withDoctype = (doctype: string, use: string) =>
      docxWithDocumentXml((xml) =>
        xml
          .replace('<w:document', `<!DOCTYPE w:document [${doctype}]><w:document`)
          .replace('Buena práctica', `Buena práctica ${use}`),
      );

    /** Refused, or read without what the entities would have brought in. */
    async function outcome(bytes: Uint8Array): Promise<string> {
      try {
        return JSON.stringify(await readDocument(bytes));
      } catch (err) {
        if (err instanceof DocumentRefused) return `refused: ${err.message}`;
        throw err;
      }
    }

    it('a SYSTEM entity naming a local file (file:///etc/passwd style) never brings the file in', async () => {
      for (const doctype of [`<!ENTITY x SYSTEM "${secretUrl}">`, `<!ENTITY x SYSTEM "file:///etc/passwd">`]) {
        const result = await outcome(await withDoctype(doctype, '&x;'));
        assert.ok(!result.includes(SECRET) && !result.includes('root:'), result);
      }
      const parameter = await outcome(await withDoctype(`<!ENTITY % p SYSTEM "${secretUrl}"> %p;`, ''));
      assert.ok(!parameter.includes(SECRET), parameter);
    });

    it('a SYSTEM entity naming a URL is never fetched', async () => {
      let requests = 0;
      const server = createServer((_req, res) => {
        requests++;
        res.end(SECRET);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dtd`;
        const result = await outcome(await withDoctype(`<!ENTITY x SYSTEM "${url}">`, '&x;'));
        assert.ok(!result.includes(SECRET), result);
        assert.equal(requests, 0);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('nested entities (a billion laughs) are not expanded', async () => {
      const levels = ['<!ENTITY l0 "jajajajaja">'];
      for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
      const result = await outcome(await withDoctype(levels.join(''), '&l9;'));
      assert.ok(result.length < 10_000 && !result.includes('jajajajaja'), result.slice(0, 200));
    });
  });

  describe('the worker, not the bot’s thread, pays for a heavy document', () => {
    it('the main thread keeps turning while a long document is read', async () => {
      const long = await longDocx(20_000);
      let spins = 0;
      let timerFired = false;
      let reading = true;
      const spin = (): void => {
        spins++;
        if (reading) setImmediate(spin);
      };
      setImmediate(spin);
      setTimeout(() => (timerFired = true), 0);
      const blocks = await readDocument(long).finally(() => (reading = false));
      assert.equal(blocks.length, 20_000);
      assert.ok(timerFired, 'a timer set when the read started fired before it ended');
      assert.ok(spins > 1, `the event loop turned ${spins} times during the read`);
    });

    it('a worker past its time limit is stopped: timeout', async () => {
      const refused = await refusalOf(readDocument(await longDocx(20_000), { timeMs: 1 }));
      assert.deepEqual([refused.reason, refused.detail], ['timeout', { ms: 1 }]);
    });

    it('a worker out of heap is stopped, and the bot goes on: unreadable', async () => {
      // 3 MB of formatted paragraphs: over a 64 MB heap when measured, so a 32 MB one is far too small.
      const heavy = await docxWithDocumentXml((xml) =>
        xml.replace(/<w:body>[\s\S]*<w:sectPr/, `<w:body>${formattedBody(20_000)}<w:sectPr`),
      );
      const refused = await refusalOf(readDocument(heavy, { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 }));
      assert.deepEqual([refused.reason, refused.detail], ['unreadable', { cause: 'memory' }]);
      assert.deepEqual(await readDocument(await sampleDocx()), SAMPLE_BLOCKS, 'the next document reads as usual');
    });
  });
});
