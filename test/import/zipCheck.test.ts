import assert from 'node:assert/strict';
import { checkZip, DEFAULT_ZIP_LIMITS } from '../../bot/import/zipCheck.js';
import { CONTENT_TYPES, DOCM_CONTENT_TYPES, patchCentral, patchEnd, sampleDocx, zipOf } from './files.js';
import { reasonOf, refusalOf } from './refusal.js';

/*
 * checkZip reads the ZIP's directory only, so every refusal here happens before anything is inflated (the content
 * types aside) and before any worker exists. The sizes are what the directory declares; the worker holds the
 * entries to them (readDocx.test.ts).
 */

const DOCUMENT = 'word/document.xml';
const TYPES = '[Content_Types].xml';

/** A minimal package with `count` entries in all. */
function entriesOf(count: number): Record<string, string> {
  const entries: Record<string, string> = { [TYPES]: CONTENT_TYPES, [DOCUMENT]: '<w:document/>' };
  for (let i = 2; i < count; i++) entries[`word/media/part${i}.xml`] = 'x';
  return entries;
}

/** The ZIP with a Zip64 end of central directory locator just before its end record, where Zip64 puts it. */
function withZip64Locator(zip: Uint8Array): Uint8Array {
  const buf = Buffer.from(zip);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  return Buffer.concat([buf.subarray(0, end), locator, buf.subarray(end)]);
}

describe('import: the ZIP directory, checked before anything is inflated', () => {
  it('a real .docx passes, and its entries are listed', async () => {
    const names = checkZip(await sampleDocx()).map((e) => e.name);
    assert.ok(names.includes(DOCUMENT) && names.includes(TYPES), names.join(', '));
  });

  describe('zip bombs', () => {
    it('an entry that inflates a thousand times (12 MB of zeros)', async () => {
      const bomb = await zipOf({ [TYPES]: CONTENT_TYPES, [DOCUMENT]: new Uint8Array(12 * 1024 * 1024) });
      const refused = await refusalOf(() => checkZip(bomb));
      assert.equal(refused.reason, 'zipBomb');
      assert.ok(Number(refused.detail?.ratio) > DEFAULT_ZIP_LIMITS.maxRatio, JSON.stringify(refused.detail));
    });

    it('a directory that declares 300 MB', async () => {
      const bomb = patchCentral(await sampleDocx(), DOCUMENT, 'uncompressed', 300 * 1024 * 1024);
      assert.equal(await reasonOf(() => checkZip(bomb)), 'zipBomb');
    });

    it('over the total, over the size of one entry, over the ratio (limits lowered on a real file)', async () => {
      const docx = await sampleDocx();
      const size = checkZip(docx).find((e) => e.name === DOCUMENT)!.uncompressedSize;
      const refusals = await Promise.all([
        refusalOf(() => checkZip(docx, { ...DEFAULT_ZIP_LIMITS, maxTotalUncompressed: size })),
        refusalOf(() => checkZip(docx, { ...DEFAULT_ZIP_LIMITS, maxEntrySize: size - 1 })),
        refusalOf(() => checkZip(docx, { ...DEFAULT_ZIP_LIMITS, maxRatio: 1, ratioFloor: 0 })),
      ]);
      assert.deepEqual(
        refusals.map((r) => [
          r.reason,
          Object.keys(r.detail ?? {})
            .sort()
            .join(),
        ]),
        [
          ['zipBomb', 'uncompressed'],
          ['zipBomb', 'entry,uncompressed'],
          ['zipBomb', 'entry,ratio'],
        ],
      );
    });

    it('a small entry that compresses well is no bomb: ratios are not checked under 64 KB', async () => {
      const zip = await zipOf({ [TYPES]: CONTENT_TYPES, [DOCUMENT]: ' '.repeat(60 * 1024) });
      assert.equal(await reasonOf(() => checkZip(zip)), 'accepted');
    });

    it('more than 1000 entries (1000 pass)', async () => {
      assert.equal(await reasonOf(async () => checkZip(await zipOf(entriesOf(1000), false))), 'accepted');
      const refused = await refusalOf(async () => checkZip(await zipOf(entriesOf(1001), false)));
      assert.deepEqual([refused.reason, refused.detail], ['zipBomb', { entries: 1001 }]);
    });
  });

  describe('a directory that does not add up, or Zip64', () => {
    const cases: [string, (docx: Uint8Array) => Uint8Array, string][] = [
      ['Zip64 entry sizes', (d) => patchCentral(d, DOCUMENT, 'uncompressed', 0xffffffff), 'zip64'],
      ['a Zip64 entry count', (d) => patchEnd(d, 10, 0xffff, 2), 'zip64'],
      ['a Zip64 directory offset', (d) => patchEnd(d, 16, 0xffffffff, 4), 'zip64'],
      ['a Zip64 end locator', withZip64Locator, 'zip64'],
      [
        'a directory that does not end at its end record',
        (d) => patchEnd(d, 12, 10, 4),
        'central directory not before its end record',
      ],
      ['more entries counted than written', (d) => patchEnd(patchEnd(d, 8, 99, 2), 10, 99, 2), 'entry count'],
      ['a multi-disk archive', (d) => patchEnd(d, 4, 1, 2), 'multi-disk'],
      [
        'an entry pointing at another entry’s header',
        (d) => patchCentral(d, DOCUMENT, 'localOffset', 0),
        'local name differs',
      ],
      [
        'an entry pointing into the middle of the data',
        (d) => patchCentral(d, DOCUMENT, 'localOffset', 7),
        'bad local header',
      ],
      [
        'an entry whose data runs into the next one',
        (d) => patchCentral(d, TYPES, 'compressed', 5000),
        'overlapping entries',
      ],
      ['a stored entry whose two sizes differ', (d) => patchCentral(d, DOCUMENT, 'compressed', 3), 'stored sizes'],
    ];
    for (const [what, patch, problem] of cases)
      it(what, async () => {
        const stored = what.startsWith('a stored');
        const docx = stored ? await zipOf(entriesOf(2), false) : await sampleDocx();
        const refused = await refusalOf(() => checkZip(patch(docx)));
        assert.deepEqual([refused.reason, refused.detail?.problem], ['zipBomb', problem]);
      });

    it('two entries with the same name', async () => {
      const zip = Buffer.from(
        await zipOf({ [TYPES]: CONTENT_TYPES, [DOCUMENT]: 'a', 'word/documenX.xml': 'b' }, false),
      );
      // Same length, so only the names change: in both the central and the local header.
      for (let at = zip.indexOf('word/documenX.xml'); at >= 0; at = zip.indexOf('word/documenX.xml', at + 1))
        zip.write(DOCUMENT, at);
      assert.deepEqual((await refusalOf(() => checkZip(zip))).detail, { problem: 'duplicate name' });
    });

    it('a truncated download is unreadable, not a bomb', async () => {
      const docx = await sampleDocx();
      assert.equal(await reasonOf(() => checkZip(docx.subarray(0, docx.length / 2))), 'unreadable');
    });
  });

  it('an encrypted entry (flag bit 0) is encrypted', async () => {
    const docx = await sampleDocx();
    assert.equal(await reasonOf(() => checkZip(patchCentral(docx, DOCUMENT, 'flags', 1))), 'encrypted');
  });

  it('a compression method Word never writes is unreadable', async () => {
    const docx = await sampleDocx();
    const refused = await refusalOf(() => checkZip(patchCentral(docx, DOCUMENT, 'method', 14)));
    assert.deepEqual([refused.reason, refused.detail?.method], ['unreadable', 14]);
  });

  describe('macros', () => {
    it('a .docm: macroEnabled content type and a vbaProject.bin', async () => {
      const docm = await zipOf({
        [TYPES]: DOCM_CONTENT_TYPES,
        [DOCUMENT]: '<w:document/>',
        'word/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]),
      });
      assert.equal(await reasonOf(() => checkZip(docm)), 'macroEnabled');
    });

    it('either sign alone is enough', async () => {
      const typeOnly = await zipOf({ [TYPES]: DOCM_CONTENT_TYPES, [DOCUMENT]: '<w:document/>' });
      const binOnly = await zipOf({ [TYPES]: CONTENT_TYPES, [DOCUMENT]: '<w:document/>', 'word/vbaProject.bin': 'x' });
      assert.deepEqual((await refusalOf(() => checkZip(typeOnly))).detail, { entry: TYPES });
      assert.deepEqual((await refusalOf(() => checkZip(binOnly))).detail, { entry: 'vbaProject.bin' });
    });
  });

  it('a ZIP that is not a Word document (a workbook, a folder of files) is notDocx', async () => {
    const workbook = await zipOf({ [TYPES]: CONTENT_TYPES, 'xl/workbook.xml': '<workbook/>' });
    const folder = await zipOf({ 'informe.txt': 'texto', 'fotos/1.jpg': 'jpeg' });
    assert.equal(await reasonOf(() => checkZip(workbook)), 'notDocx');
    assert.equal(await reasonOf(() => checkZip(folder)), 'notDocx');
  });
});
