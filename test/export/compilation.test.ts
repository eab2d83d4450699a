import assert from 'node:assert/strict';
import { compileOffThread } from '../../bot/export/offThread.js';
import { compilationDocx } from '../../bot/export/word.js';
import type { Classified } from '../../dialogs/core/classify.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import { STATES, stateByCode, THEMATIC_AREAS } from '../../dialogs/core/reference.js';
import { mexico, panama } from '../fixtures/seeds.js';
import { documentXml, paragraphs, partsNamed, rawParagraphs, xmlOf, type RawPara } from './docxText.js';
import { XML_FORBIDDEN, generated, pastedEverywhere, recordOf } from './records.js';
import { EXPORT_TEXTS, exportTexts } from './texts.js';
import { assertWellFormed, headings, locale, pasted, shown, STILL_FORBIDDEN } from './wordChecks.js';

/** A practice's areas worked out from the reference list, not from classify.ts: each cited provision's, in order. */
const areasOf = (r: Classified): (number | null)[] => {
  if (r.areas?.length) return r.areas;
  const ids = [
    ...new Set(r.provisions.flatMap((p) => THEMATIC_AREAS.filter((a) => a.provision === p).map((a) => a.id))),
  ];
  return ids.length ? ids : [null];
};
const areaHeading = (id: number | null) => {
  const area = THEMATIC_AREAS.find((a) => a.id === id);
  return area ? `${area.es} (${area.provision})` : (EXPORT_TEXTS.es['otherArea'] as string);
};
const entry = (r: Classified) => `${stateByCode(r.state)!.es} — ${r.title}`;
const fieldHeadings = new Set(headings('es'));

/** The body cut into areas (Heading 1), each with its practices (Heading 2) and what follows each. */
function areasIn(paras: RawPara[]) {
  const out: { heading: RawPara; practices: { heading: RawPara; body: RawPara[] }[] }[] = [];
  for (const p of paras) {
    if (p.style === 'Heading1') out.push({ heading: p, practices: [] });
    else if (p.style === 'Heading2' && out.length) out.at(-1)!.practices.push({ heading: p, body: [] });
    else out.at(-1)?.practices.at(-1)?.body.push(p);
  }
  return out;
}

describe('Word compilation of a semester (500 practices)', function () {
  this.timeout(180_000);
  const practices = generated(mexico(), 500);
  const later: Classified[] = generated(mexico(), 3).map((r, i) => ({
    ...r,
    reference: `LATER-${i}`,
    title: `Later ${i}`,
    submittedAt: '2026-07-01T00:00:00.000Z',
  }));
  let parts: Map<string, string>;
  let paras: RawPara[];
  let xml: string;

  before(async () => {
    const es = await exportTexts('es');
    const start = performance.now();
    const docx = await compilationDocx([...later, ...practices], '2026-S1', es);
    const ms = performance.now() - start;
    parts = await xmlOf(docx);
    xml = parts.get('word/document.xml')!;
    paras = rawParagraphs(xml);
    console.log(`      compiled 500 practices in ${Math.round(ms)} ms (${(docx.length / 1e6).toFixed(1)} MB)`);
  });

  it('opens with a cover naming the OAS and MESICIC, the semester and the counts; other semesters left out', () => {
    const cover = paras.slice(
      0,
      paras.findIndex((p) => p.style === 'TOCHeading'),
    );
    const states = new Set(practices.map((r) => r.state)).size;
    const areas = new Set(practices.flatMap(areasOf).filter((a) => a !== null)).size;
    assert.ok(states > 30 && states <= STATES.length && areas > 10);
    assert.deepEqual(
      cover.map((p) => [p.style, p.text]),
      [
        ['CoverOrganization', 'Organización de los Estados Americanos (OEA)'],
        [
          'CoverOrganization',
          'Mecanismo de Seguimiento de la Implementación de la Convención Interamericana contra la Corrupción (MESICIC)',
        ],
        ['CoverTitle', 'Buenas prácticas contra la corrupción'],
        ['CoverLine', 'Primer semestre de 2026'],
        ['CoverLine', 'Prácticas compiladas: 500'],
        ['CoverLine', `Estados Parte: ${states}`],
        ['CoverLine', `Áreas temáticas: ${areas}`],
      ],
    );
    assert.ok(!paras.some((p) => p.text.includes('Later ')));
    assert.match(
      parts.get('docProps/core.xml')!,
      /<dc:title>Buenas prácticas contra la corrupción: primer semestre de 2026<\/dc:title>/,
    );
    assert.match(parts.get('docProps/core.xml')!, /<dc:creator>MESICIC<\/dc:creator>/);
  });

  it('has a real table of contents (a TOC field over Heading 1-2, with links) that Word updates on opening', () => {
    const contents = paras.find((p) => p.style === 'TOCHeading')!;
    assert.equal(contents.text, 'Contenido');
    assert.ok(contents.pageBreakBefore, 'the contents start on their own page');
    assert.ok(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/.test(xml), 'a TOC field');
    assert.match(parts.get('word/settings.xml')!, /<w:updateFields(?: w:val="(?:true|1)")?\/>/);
    // Its entries are written too, so it is not empty before Word fills in the page numbers.
    const areaEntries = paras.filter((p) => p.style === 'TOC1').map((p) => p.text);
    assert.deepEqual(
      areaEntries,
      paras.filter((p) => p.style === 'Heading1').map((p) => p.text),
    );
    const practiceEntries = paras.filter((p) => p.style === 'TOC2').length;
    assert.equal(
      practiceEntries,
      practices.reduce((n, r) => n + areasOf(r).length, 0),
    );
  });

  it('gives each area a Heading 1 on a new page, in area id order, the unclassified last', () => {
    const used = [...new Set(practices.flatMap(areasOf))].sort((a, b) => (a ?? 1e9) - (b ?? 1e9));
    assert.ok(used.length > 10 && used.at(-1) === null);
    const areas = paras.filter((p) => p.style === 'Heading1');
    assert.deepEqual(
      areas.map((p) => p.text),
      used.map(areaHeading),
    );
    assert.ok(areas.every((p) => p.pageBreakBefore));
  });

  it('lists every practice under every area its provisions map to: in full under the first, referred to under the others', () => {
    const collator = new Intl.Collator('es');
    const byState = (a: Classified, b: Classified) =>
      collator.compare(stateByCode(a.state)!.es, stateByCode(b.state)!.es) || a.reference.localeCompare(b.reference);
    let multi = 0;
    for (const area of areasIn(paras)) {
      const id = THEMATIC_AREAS.find((a) => areaHeading(a.id) === area.heading.text)?.id ?? null;
      const here = practices.filter((r) => areasOf(r).includes(id));
      const full = here.filter((r) => areasOf(r)[0] === id).sort(byState);
      const elsewhere = here.filter((r) => areasOf(r)[0] !== id).sort(byState);
      multi += elsewhere.length;
      assert.deepEqual(
        area.practices.map((p) => p.heading.text),
        [...full, ...elsewhere].map(entry),
        area.heading.text,
      );
      area.practices.forEach(({ heading, body }, i) => {
        const r = i < full.length ? full[i]! : elsewhere[i - full.length]!;
        assert.equal(body[0]?.text, `Referencia: ${r.reference}`, heading.text);
        const fields = body.filter((p) => p.style === 'Heading3' && fieldHeadings.has(p.text)).length;
        if (i < full.length) {
          assert.equal(fields, FIELDS.length, `${r.reference}: every field`);
          // Each practice starts a page: by a break, or as the first on its area's new page.
          assert.ok(heading.pageBreakBefore || i === 0, `${r.reference} starts a page`);
        } else {
          assert.equal(fields, 0, `${r.reference} is not printed twice`);
          const first = areaHeading(areasOf(r)[0]!);
          assert.ok(body[1]?.text.startsWith(`Texto completo: «${first}», página`), body[1]?.text);
        }
      });
    }
    // III.1 maps to three areas, III.5 to two: the generated semester cites both.
    assert.ok(multi >= 60, `${multi} practices referred to under a second area`);
    assert.equal(paras.filter((p) => p.style === 'Heading3' && fieldHeadings.has(p.text)).length, 500 * FIELDS.length);
  });

  it('puts the title and "Página N de M" in the footer, none on the cover', () => {
    const footers = partsNamed(parts, /^word\/footer\d+\.xml$/);
    const withPages = footers.filter((f) => /<w:instrText[^>]*>PAGE<\/w:instrText>/.test(f));
    assert.equal(withPages.length, 1);
    assert.match(withPages[0]!, /<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    assert.ok(
      paragraphs(withPages[0]!)[0]!.text.startsWith(
        'MESICIC · Buenas prácticas contra la corrupción: primer semestre de 2026',
      ),
    );
    assert.ok(/<w:titlePg\/>/.test(xml) && /<w:footerReference w:type="first"/.test(xml), 'a cover without footer');
  });
});

describe('Word compilation of the two seeds', function () {
  this.timeout(120_000);
  // Mexico also cites III.5, which maps to two areas: hiring of public servants, and government procurement.
  const pa = recordOf(panama(), { reference: 'MESICIC-BP-2026-0001' });
  const mx = recordOf(mexico(), { reference: 'MESICIC-BP-2026-0002', provisions: ['III.5', 'III.11'] });

  it('writes the contents with page numbers, and each reference to a practice printed elsewhere with its page', async () => {
    const xml = await documentXml(await compilationDocx([pa, mx], '2026-S1', await exportTexts('es')));
    const paras = rawParagraphs(xml);
    const toc = paras.filter((p) => p.style === 'TOC1' || p.style === 'TOC2');
    assert.deepEqual(
      toc.map((p) => p.text.replace(/\d+$/, '')),
      [areaHeading(1), entry(mx), areaHeading(9), entry(mx), areaHeading(12), entry(pa), entry(mx)],
    );
    const pages = toc.map((p) => Number(/(\d+)$/.exec(p.text)?.[1]));
    assert.ok(
      pages.every((n, i) => n >= 3 && (i === 0 || n >= pages[i - 1]!)),
      JSON.stringify(pages),
    );
    // Mexico is printed under area 1, its first; area 9 refers to that page, and links to it.
    const [, , area12] = areasIn(paras);
    assert.equal(area12!.heading.text, areaHeading(12));
    const refer = areasIn(paras)[1]!.practices[0]!.body[1]!;
    assert.equal(refer.text, `Texto completo: «${areaHeading(1)}», página ${pages[1]}`);
    const anchor = /<w:hyperlink [^>]*w:anchor="([^"]+)"/.exec(refer.xml)?.[1];
    assert.ok(anchor && xml.includes(`w:name="${anchor}"`), 'a link to the printed practice');
    assert.match(refer.xml, /<w:instrText[^>]*>PAGEREF [^<]*<\/w:instrText>/);
  });

  it("files a practice under a reviewer's areas alone when they are set", async () => {
    const xml = await documentXml(await compilationDocx([{ ...mx, areas: [9] }], '2026-S1', await exportTexts('es')));
    assert.deepEqual(
      paragraphs(xml)
        .filter((p) => p.style === 'Heading1')
        .map((p) => p.text),
      [areaHeading(9)],
    );
  });

  it('names the OAS and MESICIC in the reader’s language', async () => {
    for (const lang of ['en', 'pt', 'fr'] as const) {
      const p = paragraphs(await documentXml(await compilationDocx([pa], '2026-S1', await exportTexts(lang))));
      assert.deepEqual(
        p.filter((x) => x.style === 'CoverOrganization').map((x) => x.text),
        [locale(lang).export['oas'], locale(lang).export['mesicic']],
        lang,
      );
    }
    assert.match(locale('en').export['oas']!, /^Organization of American States/);
  });
});

describe('the compilation stays well-formed XML whatever an official pasted', function () {
  this.timeout(120_000);

  it('every kind at once, built in place and in the worker thread, next to a clean practice', async () => {
    const es = await exportTexts('es');
    const base = recordOf(mexico());
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
      assert.equal(titles.filter((t) => t === `México — ${shown}`).length, records.length - 1);
      assert.ok(titles.includes(`México — ${base.title}`));
      assert.ok(paras.every((p) => !STILL_FORBIDDEN.test(p.text)));
    }
  });
});
