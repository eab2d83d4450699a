import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toCsv, toJson } from '../../bot/export/tabular.js';
import type { Classified } from '../../dialogs/core/classify.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { mexico, panama } from '../fixtures/seeds.js';
import { XML_FORBIDDEN, pastedEverywhere, recordOf } from './records.js';
import { EXPORT_TEXTS, exportTexts } from './texts.js';

/** A strict RFC 4180 reader: rows end in CRLF; a quote inside an unquoted cell or an unclosed quote is an error. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unclosed quote');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else value += text[i++];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        value += text[i++];
      }
    }
    row.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length) throw new Error('last row not ended by CRLF');
  return rows;
}

const es = JSON.parse(readFileSync(new URL('../../bot/locales/es.json', import.meta.url), 'utf8')) as {
  fields: Record<string, { label: string; parts?: Record<string, { name: string }> }>;
};

describe('CSV export', () => {
  let tx: Texts;
  before(async () => (tx = await exportTexts('es')));

  const tricky = 'Comas, "comillas" y ""dobles""\ncon salto de línea,\r\ny CRLF; un retorno\rsolo; también ñ, á, €';
  const mx = recordOf(mexico(), {
    reference: 'MESICIC-SE-2026-0002',
    kind: 'session',
    sessionName: 'Contrataciones, "abiertas"',
  });
  const pa = recordOf(panama(), {
    reference: 'MESICIC-BP-2026-0001',
    submittedAt: '2026-07-01T00:00:00.000Z',
    title: tricky,
    areas: [3, 12],
  });
  pa.answers['lessons.text'] = { ...pa.answers['lessons.text']!, text: tricky };
  pa.answers['documents.text'] = { ...pa.answers['documents.text']!, text: 'Anexo 1\rAnexo 2' }; // a lone CR must be quoted too

  it('starts with a UTF-8 byte order mark and ends every row with CRLF', () => {
    const csv = toCsv([mx, pa], tx);
    assert.equal(csv.charCodeAt(0), 0xfeff);
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    assert.equal(readCsv(csv.slice(1)).length, 3);
  });

  it(`has the fixed columns, then "N. label (part)" for each of the ${FIELDS.length} fields`, () => {
    const [header] = readCsv(toCsv([], tx).slice(1));
    const cols = EXPORT_TEXTS.es['columns'] as Record<string, string>;
    const parts = FIELDS.flatMap((f) =>
      f.parts.map((p) =>
        f.parts.length > 1
          ? `${f.number}. ${es.fields[f.key]!.label} (${es.fields[f.key]!.parts![p.key]!.name})`
          : `${f.number}. ${es.fields[f.key]!.label}`,
      ),
    );
    assert.deepEqual(header, [...Object.values(cols), ...parts]);
    assert.equal(header[15], '1. Institución (nombre de la institución)');
    assert.equal(header.at(-1), '12. Contacto (teléfono)');
    assert.ok(header.includes('3. Descripción de la buena práctica'));
  });

  it('gives every text back exactly, commas, quotes and line breaks included', () => {
    const [header, ...rows] = readCsv(toCsv([mx, pa], tx).slice(1));
    const byName = (row: string[]) => Object.fromEntries(header!.map((h, i) => [h, row[i]]));
    const [m, p] = rows.map(byName);
    assert.equal(p!['Título'], tricky);
    assert.equal(p!['10. Lecciones aprendidas'], tricky);
    assert.equal(p!['11. Documentos'], 'Anexo 1\rAnexo 2');
    assert.equal(m!['Sesión especial'], 'Contrataciones, "abiertas"');
    assert.equal(m!['12. Contacto (cargo)'], 'Director de Gobierno Abierto\nDirección General de Transparencia');
    assert.equal(m!['3. Descripción de la buena práctica'], mexico().expected['description.text']);
    assert.equal(p!['12. Contacto (teléfono)'], '');
    assert.deepEqual(
      [
        m!['Referencia'],
        m!['Tipo'],
        m!['Situación'],
        m!['Código del Estado'],
        m!['Estado Parte'],
        m!['Disposiciones'],
        m!['Semestre'],
      ],
      ['MESICIC-SE-2026-0002', 'Presentación para una sesión especial', 'enviada', 'MX', 'México', 'III.11', '2026-S1'],
    );
    assert.match(m!['Áreas temáticas']!, /^Mecanismos para estimular la participación/);
    assert.equal(
      p!['Áreas temáticas']!.split('; ')[0],
      'Comprensión de las responsabilidades y normas éticas por los servidores públicos',
    );
    assert.equal(p!['Semestre'], '2026-S2');
    assert.equal(p!['Fecha de presentación'], '2026-07-01T00:00:00.000Z');
  });

  it('defuses cells a spreadsheet would run as formulas, and only those; the JSON keeps them as written', () => {
    const risky = ['=HYPERLINK("http://x.example","clic")', '+507 6000-0000', '-1+1', '@SUM(A1:A9)', '\tTab', '\r=1'];
    const record = recordOf(panama(), { reference: 'MESICIC-BP-2026-0009' });
    const parts = [
      'description.text',
      'contact.phone',
      'lessons.text',
      'documents.text',
      'result.text',
      'reasons.text',
    ];
    parts.forEach((part, i) => (record.answers[part] = { ...record.answers[part]!, text: risky[i]! }));
    record.title = 'Datos: =1+1 en medio, sin riesgo';
    const [header, row] = readCsv(toCsv([record], tx).slice(1));
    const value = (column: string) => row![header!.findIndex((h) => h.startsWith(column))];
    const columnOf = (part: string) => {
      const field = FIELDS.find((f) => f.parts.some((p) => `${f.key}.${p.key}` === part))!;
      return field.parts.length > 1 ? '12. Contacto (teléfono)' : `${field.number}. `;
    };
    parts.forEach((part, i) => assert.equal(value(columnOf(part)), `'${risky[i]}`, part));
    assert.equal(value('Título'), record.title, 'a formula sign inside the text is harmless and kept');
    const json = JSON.parse(toJson([record])) as Array<{ answers: Record<string, { text: string }> }>;
    assert.equal(json[0]!.answers['description.text']!.text, risky[0]);
  });
});

describe('JSON export', () => {
  const mx = recordOf(mexico());
  const pa: Classified = { ...recordOf(panama()), areas: [12], submittedAt: '2026-03-15T09:30:00-05:00' };

  it('round-trips the records, with dates in ISO 8601 UTC', () => {
    const back = JSON.parse(toJson([mx, pa])) as Classified[];
    assert.deepEqual(back[0], mx);
    assert.deepEqual(back[1], { ...pa, submittedAt: '2026-03-15T14:30:00.000Z' });
  });

  it('writes keys in a stable order whatever order the record was built in', () => {
    const shuffled = Object.fromEntries(Object.entries(mx).reverse()) as Classified;
    shuffled.answers = Object.fromEntries(Object.entries(mx.answers).reverse());
    assert.equal(toJson([shuffled]), toJson([mx]));
    const [first] = JSON.parse(toJson([mx])) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first!).slice(0, 3), ['reference', 'draftId', 'kind']);
    assert.deepEqual(Object.keys(first!['answers'] as object).slice(0, 3), [
      'institution.name',
      'institution.state',
      'title.title',
    ]);
  });
});

describe('CSV and JSON exports with characters XML forbids', () => {
  let tx: Texts;
  before(async () => (tx = await exportTexts('es')));
  // Every kind at once, with a valid surrogate pair next to the lone ones.
  const pasted = `a${Object.values(XML_FORBIDDEN).join('b')}c 😀`;
  const record = { ...pastedEverywhere(recordOf(panama()), pasted), reference: 'MESICIC-SE-2026-0003' };
  /** The bytes the download route sends (fileRoute.ts), read back as strict UTF-8. */
  const sent = (text: string) => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'utf8'));

  it('CSV: every cell as written (lone surrogates as U+FFFD, as UTF-8 has no way to write them), the rows intact', () => {
    const [header, row, ...more] = readCsv(sent(toCsv([record], tx)).slice(1));
    assert.equal(more.length, 0, 'one row: no character split it');
    assert.equal(row!.length, header!.length);
    const utf8 = pasted.replace(/[\ud800-\udfff]/gu, '\ufffd');
    const cell = (name: string) => row![header!.indexOf(name)];
    for (const name of [
      'Título',
      'Institución',
      'Sesión especial',
      'Presentada por',
      '3. Descripción de la buena práctica',
      '12. Contacto (nombre de la persona de contacto)',
    ])
      assert.equal(cell(name), utf8, name);
    assert.equal(cell('Código del Estado'), 'PA');
  });

  it('JSON: every text exactly as written, lone surrogates too (written as \\u escapes), in valid UTF-8', () => {
    const json = sent(toJson([record]));
    assert.ok(/\\ud800/.test(json) && !/[\ud800-\udfff]/u.test(json), 'lone surrogates escaped, not written raw');
    const [back] = JSON.parse(json) as Classified[];
    assert.deepEqual(back, record);
  });
});
