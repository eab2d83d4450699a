import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import JSZip from 'jszip';
import { randomBytes } from 'node:crypto';

/*
 * Files as officials (and attackers) send them, made in the test: real .docx from the docx package, hostile ZIPs
 * from jszip and a few patched bytes.
 */

/** A filled-in template in miniature: heading, bold label, numbered list, a two-column table, a footnote, a link. */
export async function sampleDocx(): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'steps',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    footnotes: { 1: { children: [new Paragraph('Ley 6 de 2002, Gaceta Oficial.')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Buena práctica', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun({ text: '1. Institución', bold: true })] }),
          new Paragraph({
            children: [
              new TextRun('Autoridad  Nacional de '),
              new TextRun({ text: 'Transparencia', bold: true }),
              new TextRun(' y '),
              new TextRun({ text: 'Acceso', italics: true }),
              new TextRun(' a la Información'),
              new FootnoteReferenceRun(1),
            ],
          }),
          new Paragraph({ text: 'Diagnóstico', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Consulta pública', numbering: { reference: 'steps', level: 0 } }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({
                    children: [new Paragraph({ children: [new TextRun({ text: 'Título', bold: true })] })],
                  }),
                  new TableCell({ children: [new Paragraph('Datos abiertos'), new Paragraph('desde 2019')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({
                    children: [new Paragraph({ children: [new TextRun({ text: 'Tema', bold: true })] })],
                  }),
                  new TableCell({ children: [new Paragraph('')] }),
                ],
              }),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('Más en '),
              new ExternalHyperlink({ link: 'https://www.antai.gob.pa/', children: [new TextRun('www.antai.gob.pa')] }),
              new TextRun(' y el '),
              new ExternalHyperlink({ link: 'https://example.org/informe.pdf', children: [new TextRun('informe')] }),
            ],
          }),
          new Paragraph(''),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The blocks sampleDocx must read as, exactly. */
export const SAMPLE_BLOCKS = [
  { text: 'Buena práctica', emphasis: true },
  { text: '1. Institución', emphasis: true },
  { text: 'Autoridad Nacional de **Transparencia** y *Acceso* a la Información' },
  { text: 'Diagnóstico', listItem: true },
  { text: 'Consulta pública', listItem: true },
  { text: 'Título', emphasis: true, cell: { table: 0, row: 0, col: 0 } },
  { text: 'Datos abiertos\n\ndesde 2019', cell: { table: 0, row: 0, col: 1 } },
  { text: 'Tema', emphasis: true, cell: { table: 0, row: 1, col: 0 } },
  { text: 'Más en www.antai.gob.pa y el informe (https://example.org/informe.pdf)' },
];

/** A valid .docx whose word/document.xml is replaced (the rest of the package kept). */
export async function docxWithDocumentXml(edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await sampleDocx());
  const xml = await zip.file('word/document.xml')!.async('string');
  zip.file('word/document.xml', edit(xml));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The sample's body replaced by `paragraphs` of varied text: a document large enough to keep a reader busy. */
export function longDocx(paragraphs: number): Promise<Uint8Array> {
  const hex = randomBytes(paragraphs * 4).toString('hex');
  const body = Array.from(
    { length: paragraphs },
    (_, i) => `<w:p><w:r><w:t>Párrafo ${i}: ${hex.slice(i * 8, i * 8 + 8)}</w:t></w:r></w:p>`,
  ).join('');
  return docxWithDocumentXml((xml) => xml.replace(/<w:body>[\s\S]*<w:sectPr/, `<w:body>${body}<w:sectPr`));
}

/** A ZIP of the given entries (what jszip writes: local headers, a central directory, its end record). */
export function zipOf(entries: Record<string, string | Uint8Array>, deflate = true): Promise<Uint8Array> {
  const zip = new JSZip();
  // No folder entries: the entries are exactly the ones given.
  for (const [name, data] of Object.entries(entries)) zip.file(name, data, { createFolders: false });
  return zip.generateAsync({ type: 'uint8array', compression: deflate ? 'DEFLATE' : 'STORE' });
}

export const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
export const DOCM_CONTENT_TYPES = CONTENT_TYPES.replace(
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  'application/vnd.ms-word.document.macroEnabled.main+xml',
);

/** The offset of each central directory header, by entry name. */
function centralHeaders(zip: Uint8Array): Map<string, number> {
  const buf = Buffer.from(zip);
  const out = new Map<string, number>();
  for (let at = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0;) {
    out.set(buf.toString('utf8', at + 46, at + 46 + buf.readUInt16LE(at + 28)), at);
    at = at === 0 ? -1 : buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1);
  }
  return out;
}

/** A copy of the ZIP with one field of one entry's central header changed (offsets as in the ZIP spec). */
export function patchCentral(
  zip: Uint8Array,
  name: string,
  field: 'flags' | 'method' | 'compressed' | 'uncompressed' | 'localOffset',
  value: number,
): Uint8Array {
  const buf = Buffer.from(zip);
  const at = centralHeaders(buf).get(name);
  if (at === undefined) throw new Error(`no entry ${name}`);
  if (field === 'flags' || field === 'method') buf.writeUInt16LE(value, at + (field === 'flags' ? 8 : 10));
  else buf.writeUInt32LE(value, at + { compressed: 20, uncompressed: 24, localOffset: 42 }[field]);
  return new Uint8Array(buf);
}

/** A copy of the ZIP with one field of its end of central directory record changed. */
export function patchEnd(zip: Uint8Array, offset: number, value: number, bytes: 2 | 4): Uint8Array {
  const buf = Buffer.from(zip);
  const at = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (bytes === 2) buf.writeUInt16LE(value, at + offset);
  else buf.writeUInt32LE(value, at + offset);
  return new Uint8Array(buf);
}

/** The start of a Compound File (OLE2) with directory entries of the given names, as .doc and encrypted files are. */
export function cfbFile(streams: string[]): Uint8Array {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const directory = Buffer.alloc(128 * streams.length);
  streams.forEach((name, i) => directory.write(name, i * 128, 'utf16le'));
  return new Uint8Array(Buffer.concat([header, directory]));
}
