import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { compileOffThread } from '../../bot/export/offThread.js';
import { compilationDocx, practiceDocx } from '../../bot/export/word.js';
import type { Classified } from '../../dialogs/core/classify.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { stateByCode, THEMATIC_AREAS } from '../../dialogs/core/reference.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { mexico } from '../fixtures/seeds.js';
import { documentXml, paragraphs, type Para } from './docxText.js';
import { XML_FORBIDDEN, generated, pastedEverywhere, recordOf } from './records.js';
import { checkXml, xmlParts } from './strictXml.js';
import { EXPORT_TEXTS, exportTexts } from './texts.js';

const locale = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../bot/locales/${lang}.json`, import.meta.url), 'utf8')) as {
    fields: Record<string, { label: string }>;
  };
const headings = (lang: string) => FIELDS.map((f) => `${f.number}. ${locale(lang).fields[f.key]!.label}`);

/** The paragraphs between a heading and the next heading of the same or a higher level. */
function under(paras: Para[], style: string, text: string): string[] {
  const start = paras.findIndex((p) => p.style === style && p.text === text);
  assert.ok(start >= 0, `no ${style} "${text}"`);
  const level = (s: string) => (s === 'Title' ? 0 : Number(/^Heading(\d)$/.exec(s)?.[1] ?? 99));
  const end = paras.findIndex((p, i) => i > start && level(p.style) <= level(style));
  return paras.slice(start + 1, end < 0 ? undefined : end).map((p) => p.text);
}

describe('Word export of one practice (Mexico seed)', () => {
  let es: Texts;
  let paras: Para[];
  let xml: string;
  const seed = mexico();
  const record = recordOf(seed, { reference: 'MESICIC-BP-2026-0007', version: 2 });

  before(async () => {
    es = await exportTexts('es');
    xml = await documentXml(await practiceDocx(record, es));
    paras = paragraphs(xml);
  });

  it('opens with the standard format title, the reference, State, kind, date, status and version', () => {
    assert.deepEqual(paras[0], { style: 'Title', text: EXPORT_TEXTS.es['title'] });
    const top = paras.slice(0, 12).map((p) => p.text);
    for (const line of [
      'Referencia: MESICIC-BP-2026-0007',
      'Estado Parte: México',
      'Tipo de presentación: Buena práctica',
      'Fecha de presentación: 15 de marzo de 2026',
      'Situación: enviada (versión 2)',
    ])
      assert.ok(top.includes(line), `missing "${line}" in ${JSON.stringify(top)}`);
  });

  it(`has the ${FIELDS.length} numbered field headings, in order`, () => {
    assert.deepEqual(
      paras.filter((p) => p.style === 'Heading2').map((p) => p.text),
      headings('es'),
    );
  });

  it('keeps each narrative answer exactly, paragraph by paragraph', () => {
    for (const field of FIELDS.filter((f) => f.parts.length === 1)) {
      const text = seed.expected[partId(field, field.parts[0]!)]!;
      assert.deepEqual(
        under(paras, 'Heading2', headings('es')[field.number - 1]!),
        text.split(/\n\s*\n/),
        `field ${field.number}`,
      );
    }
    // A distinctive sentence of field 3, as it sits in the XML: escaped there, equal once unescaped.
    assert.ok(paras.some((p) => p.text.includes('no existen costos de licenciamiento de *software*')));
    assert.ok(xml.includes('&lt;https://tablero.gobabiertomx.org/&gt;'));
  });

  it('names each part of a multi-part field, keeps line breaks, and labels the provisions', () => {
    const contact = under(paras, 'Heading2', headings('es')[11]!);
    assert.deepEqual(contact, [
      `Nombre de la persona de contacto: ${seed.expected['contact.name']}`,
      'Cargo: Director de Gobierno Abierto\nDirección General de Transparencia',
      `Correo: ${seed.expected['contact.email']}`,
      `Teléfono: ${seed.expected['contact.phone']}`,
    ]);
    const title = under(paras, 'Heading2', headings('es')[1]!);
    assert.equal(title[0], `Título: ${seed.expected['title.title']}`);
    assert.ok(title.includes(`III.11: ${provisionIII11().es}`), JSON.stringify(title));
  });

  it("writes headings in the reader's language and answers as written", async () => {
    const en = await exportTexts('en');
    const p = paragraphs(
      await documentXml(await practiceDocx({ ...record, sessionName: 'Open contracting', kind: 'session' }, en)),
    );
    assert.equal(p[0]!.text, EXPORT_TEXTS.en['title']);
    assert.deepEqual(
      p.filter((x) => x.style === 'Heading2').map((x) => x.text),
      headings('en'),
    );
    assert.ok(p.some((x) => x.text === 'Special session: Open contracting'));
    assert.ok(p.some((x) => x.text === 'Date submitted: March 15, 2026'));
    assert.ok(p.some((x) => x.text === seed.expected['lessons.text']!.split(/\n\s*\n/)[0]));
  });

  it("turns Word's pasted line breaks into breaks instead of losing them, and marks a missing answer", async () => {
    const answers: Classified['answers'] = {
      ...record.answers,
      'lessons.text': {
        ...record.answers['lessons.text']!,
        text: 'Primera línea\u000bsegunda línea\r\n\r\nOtro párrafo',
      },
    };
    delete answers['contact.phone'];
    const p = paragraphs(await documentXml(await practiceDocx({ ...record, answers }, es)));
    assert.deepEqual(under(p, 'Heading2', headings('es')[9]!), ['Primera línea\nsegunda línea', 'Otro párrafo']);
    assert.equal(under(p, 'Heading2', headings('es')[11]!)[3], 'Teléfono: (sin respuesta)');
  });
});

/** Provision III.11's labels, read from the reference list rather than retyped. */
function provisionIII11() {
  const raw = JSON.parse(
    readFileSync(new URL('../../dialogs/core/reference/convention-provisions.json', import.meta.url), 'utf8'),
  ) as {
    article: string;
    numeral: number | null;
    es: string;
  }[];
  return raw.find((p) => p.article === 'III' && p.numeral === 11)!;
}

describe('Word compilation of a semester', function () {
  this.timeout(120_000);
  const practices = generated(mexico(), 500);
  const later: Classified[] = generated(mexico(), 3).map((r, i) => ({
    ...r,
    reference: `LATER-${i}`,
    title: `Later ${i}`,
    submittedAt: '2026-07-01T00:00:00.000Z',
  }));
  let paras: Para[];
  let ms = 0;

  before(async () => {
    const es = await exportTexts('es');
    const start = performance.now();
    const docx = await compilationDocx([...later, ...practices], '2026-S1', es);
    ms = performance.now() - start;
    paras = paragraphs(await documentXml(docx));
    console.log(`      compiled 500 practices in ${Math.round(ms)} ms (${(docx.length / 1e6).toFixed(1)} MB)`);
  });

  /** What each practice's area should be, worked out from the reference list, not from classify.ts. */
  const expectedArea = (r: Classified) => {
    const ids = THEMATIC_AREAS.filter((a) => a.provision === r.provisions[0]).map((a) => a.id);
    return ids.length ? Math.min(...ids) : null;
  };
  const areaHeading = (id: number | null) => {
    const area = THEMATIC_AREAS.find((a) => a.id === id);
    return area ? `${area.es} (${area.provision})` : (EXPORT_TEXTS.es['otherArea'] as string);
  };

  it('is titled for the semester and leaves out practices of other semesters', () => {
    assert.deepEqual(paras[0], {
      style: 'Title',
      text: 'Buenas prácticas contra la corrupción: primer semestre de 2026',
    });
    assert.equal(paras[1]!.text, 'Prácticas compiladas: 500');
    assert.ok(!paras.some((p) => p.text.includes('Later ')));
  });

  it('has one heading per area, in area id order, the unclassified last', () => {
    const used = [...new Set(practices.map(expectedArea))].sort((a, b) => (a ?? 1e9) - (b ?? 1e9));
    assert.ok(used.length > 10 && used.at(-1) === null);
    assert.deepEqual(
      paras.filter((p) => p.style === 'Heading1').map((p) => p.text),
      ['Contenido', ...used.map(areaHeading)],
    );
  });

  it(`puts every practice once under its area, by State name then reference, each with its ${FIELDS.length} fields`, () => {
    const seen = new Map<string, string[]>();
    let area = '';
    for (const p of paras) {
      if (p.style === 'Heading1') area = p.text;
      if (p.style === 'Heading2') seen.set(area, [...(seen.get(area) ?? []), p.text]);
    }
    const collator = new Intl.Collator('es');
    const stateName = (r: Classified) => stateByCode(r.state)!.es;
    for (const [heading, titles] of seen) {
      const want = practices
        .filter((r) => areaHeading(expectedArea(r)) === heading)
        .sort((a, b) => collator.compare(stateName(a), stateName(b)) || a.reference.localeCompare(b.reference))
        .map((r) => r.title);
      assert.deepEqual(titles, want, heading);
    }
    assert.equal([...seen.values()].flat().length, 500);
    assert.equal(paras.filter((p) => p.style === 'Heading3').length, 500 * FIELDS.length);
  });

  it('lists every area with its count and every practice in the contents before the first area', () => {
    const contents = under(paras, 'Heading1', 'Contenido');
    const counts = new Map<number | null, number>();
    for (const r of practices) counts.set(expectedArea(r), (counts.get(expectedArea(r)) ?? 0) + 1);
    for (const [id, n] of counts) assert.ok(contents.includes(`${areaHeading(id)} · ${n}`), areaHeading(id));
    for (const r of practices)
      assert.ok(contents.includes(`${r.reference} · ${stateByCode(r.state)!.es}: ${r.title}`), r.reference);
  });

  it('takes reasonable time', () => {
    assert.ok(ms < 60_000, `${ms} ms`);
  });
});

/** Every XML part of the file passes the strict check; the parts' names say which one did not. */
async function assertWellFormed(docx: Buffer): Promise<void> {
  const parts = await xmlParts(docx);
  assert.ok(parts.has('word/document.xml'), 'a document part');
  for (const [name, bytes] of parts) {
    try {
      checkXml(bytes);
    } catch (err) {
      assert.fail(`${name} is not well-formed XML: ${(err as Error).message}`);
    }
  }
}

// eslint-disable-next-line no-control-regex -- these are the control characters XML 1.0 forbids, named on purpose
const STILL_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/u;

describe('Word files stay well-formed XML whatever an official pasted', function () {
  this.timeout(120_000);
  let es: Texts;
  before(async () => (es = await exportTexts('es')));
  const base = recordOf(mexico());
  // At the start, in the middle and at the end (a high surrogate with nothing after it), next to a valid pair.
  const pasted = (ch: string) => `${ch}antes${ch}después 😀${ch}`;
  const shown = '\ufffdantes\ufffddespués 😀\ufffd';

  for (const [name, ch] of Object.entries(XML_FORBIDDEN)) {
    it(`${name} in every text of one practice: the file opens, and shows U+FFFD where it was`, async () => {
      const docx = await practiceDocx(pastedEverywhere(base, pasted(ch)), es);
      await assertWellFormed(docx);
      const paras = paragraphs(await documentXml(docx));
      assert.equal(paras.find((p) => p.style === 'Heading1')?.text, shown, 'the title');
      assert.ok(
        paras.some((p) => p.text === `Sesión especial: ${shown}`),
        'the special session',
      );
      // A pasted \v or \f in an answer is Word's line break, and stays one (see the test above).
      if (ch !== '\u000b' && ch !== '\u000c')
        assert.deepEqual(under(paras, 'Heading2', headings('es')[2]!), [shown], 'a narrative answer');
      assert.ok(paras.every((p) => !STILL_FORBIDDEN.test(p.text)));
    });
  }

  it('every kind at once in the semester compilation, built in place and in the worker thread, next to a clean practice', async () => {
    const records = [
      { ...base, reference: 'MESICIC-BP-2026-0100' },
      ...Object.values(XML_FORBIDDEN).map((ch, i) => ({
        ...pastedEverywhere(base, pasted(ch)),
        reference: `MESICIC-SE-2026-${String(i + 1).padStart(4, '0')}`,
      })),
    ];
    for (const docx of [
      await compilationDocx(records, '2026-S1', es),
      await compileOffThread(records, '2026-S1', 'es'),
    ]) {
      await assertWellFormed(docx);
      const paras = paragraphs(await documentXml(docx));
      const titles = paras.filter((p) => p.style === 'Heading2').map((p) => p.text);
      assert.equal(titles.length, records.length, 'every practice, the clean one too');
      assert.equal(titles.filter((t) => t === shown).length, records.length - 1);
      assert.ok(titles.includes(base.title));
      for (const r of records.slice(1))
        assert.ok(
          paras.some((p) => p.text === `${r.reference} · México: ${shown}`),
          `${r.reference} in the contents`,
        );
      assert.ok(paras.every((p) => !STILL_FORBIDDEN.test(p.text)));
    }
  });
});

describe('the strict XML check the export tests rely on', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('accepts what XML allows', () => {
    const ok =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c --><w:a xmlns:w="urn:w" w:b=\'1\' c="&quot;&#233;&#x1F600;"><w:t xml:space="preserve">x &amp; &lt; \t 😀 \ufffd</w:t><![CDATA[<&]]><?pi data?><w:e/></w:a>\n';
    assert.equal(checkXml(bytes(ok)), 3);
  });

  it('accepts every part of a file docx writes', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('plain & <text>')] })] }] }),
    );
    await assertWellFormed(docx);
  });

  const bad: Record<string, string | Uint8Array> = {
    'U+FFFE in text': '<a>x\ufffey</a>',
    'U+FFFF in an attribute': '<a b="\uffff"/>',
    'a C0 control': '<a>\u0001</a>',
    'a reference to U+FFFE': '<a>&#xFFFE;</a>',
    'a reference to U+0001': '<a>&#1;</a>',
    'a reference to a surrogate': '<a>&#xD800;</a>',
    'bytes that are not UTF-8': new Uint8Array([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]),
    'crossed tags': '<a><b></a></b>',
    'an unclosed element': '<a><b/>',
    'two roots': '<a/><b/>',
    'text before the root': 'x<a/>',
    'an unquoted attribute': '<a b=1/>',
    '< in an attribute': '<a b="<"/>',
    'an attribute twice': '<a b="1" b="2"/>',
    'an undeclared entity': '<a>&nbsp;</a>',
    'a bare &': '<a>x & y</a>',
    ']]> in text': '<a>]]></a>',
    'an undeclared prefix': '<w:a/>',
    '-- in a comment': '<!-- a -- b --><a/>',
    'a misplaced XML declaration': '<a/><?xml version="1.0"?>',
  };
  for (const [name, doc] of Object.entries(bad)) {
    it(`refuses ${name}`, () => assert.throws(() => checkXml(typeof doc === 'string' ? bytes(doc) : doc)));
  }
});
