import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { ownCopyName, practiceDocx, practiceFileName } from '../../bot/export/word.js';
import type { Classified } from '../../dialogs/core/classify.js';
import { newDraft } from '../../dialogs/core/draft.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { mexico, panama } from '../fixtures/seeds.js';
import {
  documentXml,
  externalLinks,
  paragraphs,
  partsNamed,
  rawParagraphs,
  styleXml,
  xmlOf,
  type Para,
} from './docxText.js';
import { XML_FORBIDDEN, pastedEverywhere, recordOf } from './records.js';
import { checkXml } from './strictXml.js';
import { assertWellFormed, headings, locale, pasted, shown, STILL_FORBIDDEN, under } from './wordChecks.js';
import { EXPORT_TEXTS, exportTexts } from './texts.js';

/** The text a reader sees in the XML (entities undone), for "no raw markdown" checks. */
const visibleText = (xml: string) => paragraphs(xml).map((p) => p.text);

describe('Word export of one practice (Mexico seed)', () => {
  let es: Texts;
  let paras: Para[];
  let xml: string;
  let parts: Map<string, string>;
  const seed = mexico();
  const record = recordOf(seed, { reference: 'MESICIC-BP-2026-0007', version: 2 });

  before(async () => {
    es = await exportTexts('es');
    parts = await xmlOf(await practiceDocx(record, es));
    xml = parts.get('word/document.xml')!;
    paras = paragraphs(xml);
  });

  it('opens with the standard format title, the practice, reference, State, institution, kind, date, status', () => {
    assert.deepEqual(paras[0], { style: 'Title', text: EXPORT_TEXTS.es['title'] });
    assert.deepEqual(paras[1], { style: 'Heading1', text: seed.expected['title.title'] });
    assert.deepEqual(
      paras.filter((p) => p.style === 'Summary').map((p) => p.text),
      [
        'Referencia: MESICIC-BP-2026-0007',
        'Estado Parte: México',
        'Institución: Secretaría de la Función Pública',
        'Tipo de presentación: Buena práctica',
        'Fecha de presentación: 15 de marzo de 2026',
        'Situación: enviada (versión 2)',
        'Áreas temáticas: Mecanismos para estimular la participación de la sociedad civil y de las organizaciones no gubernamentales en los esfuerzos destinados a prevenir la corrupción (III.11)',
      ],
    );
  });

  it(`has the ${FIELDS.length} numbered field headings of the standard, in order`, () => {
    assert.deepEqual(
      paras.filter((p) => p.style === 'Heading2').map((p) => p.text),
      headings('es'),
    );
  });

  it('renders the pasted markdown instead of printing it: emphasis, lists, <links>, no markers left', () => {
    const text = visibleText(xml).join('\n');
    for (const raw of ['**', '<https://', '\\', '*software*']) assert.ok(!text.includes(raw), `"${raw}" printed raw`);
    // Field 3's "*software*" is an italic run; field 2's "**artículo III, numeral 11:**" a bold one.
    assert.match(
      xml,
      /<w:r><w:rPr>(?:<w:lang [^>]*\/>)?<w:i\/><w:iCs\/>(?:<[^>]+>)*<\/w:rPr><w:t[^>]*>software<\/w:t>/,
    );
    assert.match(xml, /<w:b\/><w:bCs\/>(?:<[^>]+>)*<\/w:rPr><w:t[^>]*>artículo III, numeral 11:<\/w:t>/);
    assert.ok(paras.some((p) => p.text.includes('no existen costos de licenciamiento de software y, por lo tanto')));
    // Field 4's "- " list: three items, each one of Word's bullets, the text after it unchanged.
    const field4 = rawParagraphs(xml);
    const start = field4.findIndex((p) => p.text === headings('es')[3]);
    const items = field4
      .slice(start)
      .filter((p) => /<w:numPr>/.test(p.xml))
      .slice(0, 3);
    assert.deepEqual(
      items.map((p) => [p.style, p.text]),
      [
        [
          'ListParagraph',
          'Sólo las instituciones gubernamentales podían alimentar la información presentada en el tablero.',
        ],
        ['ListParagraph', 'Resultaba complejo para los usuarios entender la información publicada.'],
        ['ListParagraph', 'El código del tablero no era público, por lo que no podía reutilizarse.'],
      ],
    );
    assert.ok(
      rawParagraphs(xml).every((p) => [...p.xml.matchAll(/<w:pStyle /g)].length <= 1),
      'one style a paragraph (two make Word refuse the file)',
    );
  });

  it('keeps each narrative paragraph and line break as written', () => {
    assert.deepEqual(under(paras, 'Heading2', headings('es')[9]!), [seed.expected['lessons.text']]);
    assert.deepEqual(under(paras, 'Heading2', headings('es')[8]!), seed.expected['followUp.text']!.split(/\n\s*\n/));
    assert.ok(
      under(paras, 'Heading2', headings('es')[11]!).includes(
        'Cargo: Director de Gobierno Abierto\nDirección General de Transparencia',
      ),
    );
  });

  it('makes every address and e-mail a live link (a hyperlink relationship to the URL, mailto: for e-mails)', () => {
    const links = externalLinks(xml, parts.get('word/_rels/document.xml.rels')!);
    assert.deepEqual(links, [
      { text: 'upagci@funcionpublica.gob.mx', target: 'mailto:upagci@funcionpublica.gob.mx' },
      { text: 'https://tablero.gobabiertomx.org/', target: 'https://tablero.gobabiertomx.org/' },
      { text: 'evargas@funcionpublica.gob.mx', target: 'mailto:evargas@funcionpublica.gob.mx' },
    ]);
    assert.match(xml, /<w:hyperlink [^>]*><w:r><w:rPr><w:rStyle w:val="Hyperlink"\/>/);
  });

  it('names the parts of a multi-part field and labels the provisions with their ids', () => {
    const title = under(paras, 'Heading2', headings('es')[1]!);
    assert.equal(title[0], `Título: ${seed.expected['title.title']}`);
    assert.ok(title.includes(`III.11: ${provisionIII11().es}`), JSON.stringify(title));
  });

  it('sets a real style set: Arial 11 pt, space after paragraphs, bold headings kept with what follows', () => {
    const styles = parts.get('word/styles.xml')!;
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
    assert.match(defaults, /<w:rFonts w:ascii="Arial"[^>]*w:hAnsi="Arial"\/>/);
    assert.match(defaults, /<w:sz w:val="22"\/>/);
    assert.match(defaults, /<w:spacing w:after="160"/);
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3']) {
      const style = styleXml(styles, id);
      for (const tag of ['<w:keepNext/>', '<w:keepLines/>', '<w:b/>']) assert.ok(style.includes(tag), `${id}: ${tag}`);
    }
    assert.match(styleXml(styles, 'Hyperlink'), /<w:u w:val="single"\/>/);
  });

  it("tags the document's language for spell-check, and an answer's own language where it differs", async () => {
    assert.match(parts.get('word/styles.xml')!, /<w:rPrDefault><w:rPr>[\s\S]*<w:lang w:val="es-ES"\/>/);
    const answers = { ...record.answers, 'lessons.text': { ...record.answers['lessons.text']!, lang: 'en' as const } };
    const mixed = await documentXml(await practiceDocx({ ...record, answers }, es));
    const lessons = seed.expected['lessons.text']!.slice(0, 30);
    assert.match(mixed, new RegExp(`<w:lang w:val="en-US"\\/>(?:<[^>]+>)*<\\/w:rPr><w:t[^>]*>${lessons}`));
    const en = await xmlOf(await practiceDocx(record, await exportTexts('en')));
    assert.match(en.get('word/styles.xml')!, /<w:lang w:val="en-US"\/>/);
  });

  it('has core properties: the title, the institution as author, the subject, the language; never "Un-named"', () => {
    const core = parts.get('docProps/core.xml')!;
    assert.ok(core.includes(`<dc:title>${seed.expected['title.title']}</dc:title>`), core);
    assert.match(core, /<dc:creator>Secretaría de la Función Pública<\/dc:creator>/);
    assert.ok(core.includes(`<dc:subject>${locale('es').export['title']}</dc:subject>`), core);
    assert.match(core, /<dc:language>es-ES<\/dc:language>/);
    assert.match(core, /<cp:keywords>MESICIC-BP-2026-0007; México; MESICIC<\/cp:keywords>/);
    assert.match(core, /<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-15T14:30:00.000Z<\/dcterms:created>/);
    assert.ok(!core.includes('Un-named'));
    checkXml(new TextEncoder().encode(core));
  });

  it('puts the reference and "Página N de M" (PAGE and NUMPAGES fields) in the footer of every page', () => {
    const [footer, ...more] = partsNamed(parts, /^word\/footer\d+\.xml$/);
    assert.equal(more.length, 0);
    assert.deepEqual(visibleText(footer!), ['MESICIC-BP-2026-0007Página  de ']);
    assert.match(footer!, /<w:instrText[^>]*>PAGE<\/w:instrText>[\s\S]*<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    assert.match(xml, /<w:footerReference w:type="default"/);
    assert.equal(partsNamed(parts, /^word\/header\d+\.xml$/).length, 0, 'a submission has no draft header');
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

describe('Word export of one practice (Panama seed)', () => {
  let es: Texts;
  const seed = panama();
  const record = recordOf(seed, { reference: 'MESICIC-BP-2026-0001' });
  before(async () => (es = await exportTexts('es')));

  it('prints "\\$9,630.00" as "$9,630.00", and links the bare www. address and the e-mails in free text', async () => {
    const parts = await xmlOf(await practiceDocx(record, es));
    const xml = parts.get('word/document.xml')!;
    const text = visibleText(xml).join('\n');
    assert.ok(text.includes('fueron por el orden de $9,630.00 fue adjudicado'));
    assert.ok(!text.includes('\\$') && !text.includes('**'));
    assert.deepEqual(externalLinks(xml, parts.get('word/_rels/document.xml.rels')!), [
      { text: 'cmontenegro@antai.gob.pa', target: 'mailto:cmontenegro@antai.gob.pa' },
      { text: 'rvillalaz@antai.gob.pa', target: 'mailto:rvillalaz@antai.gob.pa' },
      { text: 'www.academia.antai.gob.pa', target: 'http://www.academia.antai.gob.pa/' },
      { text: 'cmontenegro@antai.gob.pa', target: 'mailto:cmontenegro@antai.gob.pa' },
    ]);
  });

  it('prints field 1\'s State by its name in the document\'s language, not as typed ("pa")', async () => {
    const typed = { ...record.answers['institution.state']!, text: 'pa', value: 'PA' };
    const answers = { ...record.answers, 'institution.state': typed };
    for (const [lang, name] of [
      ['es', 'Estado Parte: Panamá'],
      ['en', 'State Party: Panama'],
      ['fr', 'État partie\u00a0: Panama'],
    ] as const) {
      const tx = await exportTexts(lang);
      const p = paragraphs(await documentXml(await practiceDocx({ ...record, answers }, tx)));
      const field1 = under(p, 'Heading2', headings(lang)[0]!);
      assert.equal(field1[1], name, lang);
      assert.ok(!p.some((x) => /: pa$/.test(x.text)), `${lang}: "pa" printed`);
    }
  });
});

describe("An official's draft as a Word file", () => {
  let es: Texts;
  let parts: Map<string, string>;
  const draft = {
    ...newDraft('d-7f3a9c', { id: 'aad-1', name: 'Official' }, '2026-03-10T09:00:00.000Z'),
    answers: recordOf(panama()).answers,
    updatedAt: '2026-03-12T16:00:00.000Z',
  };

  before(async () => {
    es = await exportTexts('es');
    const { ownCopyDocx } = await import('../../bot/export/word.js');
    parts = await xmlOf(await ownCopyDocx(draft, es));
  });

  it('says it is a draft: on top of the first page, in the header and footer of every page, and as a watermark', () => {
    const xml = parts.get('word/document.xml')!;
    const paras = rawParagraphs(xml);
    assert.equal(paras[1]!.style, 'DraftMark');
    assert.equal(paras[1]!.text, locale('es').export['draftNotice']);
    assert.ok(paras.some((p) => p.text === 'Referencia: Sin enviar (borrador)'));
    assert.ok(paras.some((p) => p.text === 'Guardado por última vez: 12 de marzo de 2026'));
    const [header] = partsNamed(parts, /^word\/header\d+\.xml$/);
    assert.ok(visibleText(header!).join('').includes('BORRADOR — no enviado'));
    assert.match(header!, /<v:textpath [^>]*string="BORRADOR"/);
    const [footer] = partsNamed(parts, /^word\/footer\d+\.xml$/);
    assert.ok(visibleText(footer!)[0]!.startsWith('BORRADOR — no enviado'));
    assert.ok(!xml.includes('d-7f3a9c'), 'the internal id is nowhere');
    assert.match(parts.get('docProps/core.xml')!, /<dc:description>BORRADOR — no enviado<\/dc:description>/);
  });

  it('is named after its title and marked as a draft, never after an internal id; a submission by its reference', () => {
    assert.equal(ownCopyName(draft, es), 'borrador-curso-de-gobierno-abierto-en-la-academia-virtual-antai-se-re.docx');
    assert.equal(ownCopyName({ ...draft, answers: {} }, es), 'borrador.docx');
    assert.equal(ownCopyName({ ...draft, reference: 'MESICIC-BP-2026-0003' }, es), 'MESICIC-BP-2026-0003.docx');
    const record = recordOf(panama(), { reference: '' });
    assert.match(practiceFileName(record, es), /^borrador-curso-de-gobierno-abierto/);
    assert.equal(practiceFileName({ ...record, reference: 'MESICIC-BP-2026-0009' }, es), 'MESICIC-BP-2026-0009.docx');
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

describe('Word files stay well-formed XML whatever an official pasted', function () {
  this.timeout(120_000);
  let es: Texts;
  before(async () => (es = await exportTexts('es')));
  const base = recordOf(mexico());

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
