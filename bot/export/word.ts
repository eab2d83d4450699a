import {
  Bookmark,
  Document,
  HeadingLevel,
  InternalHyperlink,
  Packer,
  Paragraph,
  TextRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { groupByArea, semesterOf, thematicAreas, type Classified, type Semester } from '../../dialogs/core/classify.js';
import { FIELDS, partId, type FieldDef, type PartDef, type Table } from '../../dialogs/core/fields.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { titleOf, type Draft } from '../../dialogs/core/draft.js';
import { fold } from '../../dialogs/core/normalize.js';
import { toRecord } from '../../dialogs/core/practice.js';
import { ATTACHED_MARK, sizeLabel } from '../../dialogs/core/attachments.js';
import {
  areaName,
  capitalize,
  dateName,
  fieldHeading,
  kindLabel,
  partName,
  provisionLine,
  semesterName,
  stateName,
  statusLabel,
} from './labels.js';

type Heading = (typeof HeadingLevel)[keyof typeof HeadingLevel];

/**
 * XML 1.0 has no way to write C0 controls other than tab, LF and CR, lone surrogates, U+FFFE or U+FFFF, not even
 * as &#…; references: one of them in one answer made the whole file unreadable, and a semester's compilation
 * with it. Each becomes U+FFFD, so the reader sees that something was there. (The `u` flag: a surrogate pair is
 * one character, so only lone surrogates match.)
 */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;
const xmlSafe = (text: string): string => text.replace(XML_FORBIDDEN, '\uFFFD');

/** The one way text enters a document: every run, heading, link and bullet is made of these. */
const run = (text: string, format: Omit<IRunOptions, 'text'> = {}) => new TextRun({ ...format, text: xmlSafe(text) });

/**
 * An official's text as Word paragraphs, exactly as written: a blank line starts a paragraph, a single
 * newline is a line break. Word's pasted line breaks (\v, \f, U+2028) would be dropped as invalid XML, so
 * they become newlines first (before `run` replaces what is left). `opening` starts the first paragraph (a part's name).
 */
function textParagraphs(text: string, opening: ParagraphChild[] = []): Paragraph[] {
  const blocks = text
    .replace(/\r\n?|[\v\f\u2028]/g, '\n')
    .replace(/\u2029/g, '\n\n')
    .split(/\n[ \t]*\n\s*/)
    .filter((b) => b.trim() !== '');
  return (blocks.length ? blocks : ['']).map(
    (block, i) =>
      new Paragraph({
        children: [
          ...(i === 0 ? opening : []),
          ...block.split('\n').map((line, j) => run(line, j > 0 ? { break: 1 } : {})),
        ],
      }),
  );
}

// "Label: " through the locale files, so French gets its space before the colon.
const lead = (name: string, tx: Texts) => run(`${tx.t('export.labelled', { label: name })} `, { bold: true });
const line = (name: string, value: string, tx: Texts) => new Paragraph({ children: [lead(name, tx), run(value)] });

function partParagraphs(record: Classified, field: FieldDef, part: PartDef, tx: Texts): Paragraph[] {
  const answer = record.answers[partId(field, part)];
  const name = field.parts.length > 1 ? [lead(capitalize(partName(field, part, tx), tx.locale), tx)] : [];
  const files = part.files ? (record.attachments ?? []) : [];
  // Field 11's stand-in text (a list of the files) gives way to the list of files itself, sizes included.
  const standIn = files.length > 0 && answer?.value === ATTACHED_MARK;
  const out =
    answer && !standIn
      ? textParagraphs(answer.text, name)
      : standIn
        ? []
        : [new Paragraph({ children: [...name, run(tx.t('export.noAnswer'), { italics: true })] })];
  if (files.length)
    out.push(
      new Paragraph({ children: [lead(tx.t('attachments.heading'), tx)] }),
      ...files.map(
        (f) => new Paragraph({ children: [run(`${f.name} (${sizeLabel(f.size, tx.locale)})`)], bullet: { level: 0 } }),
      ),
    );
  // What the official wrote names the provisions loosely; the Secretariat also wants the ids it files them by.
  if (part.role === 'provisions')
    out.push(
      ...record.provisions.map(
        (p) => new Paragraph({ children: [run(provisionLine(p, tx.locale))], bullet: { level: 0 } }),
      ),
    );
  return out;
}

function fieldParagraphs(record: Classified, tx: Texts, heading: Heading, fields: Table): Paragraph[] {
  return fields.flatMap((field) => [
    new Paragraph({ heading, children: [run(fieldHeading(field, tx))] }),
    ...field.parts.flatMap((part) => partParagraphs(record, field, part, tx)),
  ]);
}

function summary(record: Classified, tx: Texts): Paragraph[] {
  const areas = thematicAreas(record);
  // A draft has no reference yet, and its date is when it was last saved, not a submission's.
  const unsent = !record.reference;
  return [
    line(tx.t('export.reference'), unsent ? tx.t('export.notSubmitted') : record.reference, tx),
    line(tx.t('export.state'), stateName(record.state, tx.locale), tx),
    line(tx.t('export.kind'), kindLabel(record, tx), tx),
    ...(record.sessionName ? [line(tx.t('export.session'), record.sessionName, tx)] : []),
    line(tx.t(unsent ? 'export.savedAt' : 'export.submittedAt'), dateName(record.submittedAt, tx.locale), tx),
    line(
      tx.t('export.status'),
      tx.t('export.statusVersion', { status: statusLabel(record, tx), version: record.version }),
      tx,
    ),
    line(tx.t('export.areas'), areas.length ? areas.map((a) => areaName(a, tx)).join('; ') : areaName(null, tx), tx),
  ];
}

function pack(title: string, children: Paragraph[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ title: xmlSafe(title), creator: 'MESICIC', sections: [{ children }] }));
}

/** One practice in MESICIC's standard format, headings in the reader's language, answers as written. */
export function practiceDocx(record: Classified, tx: Texts, fields: Table = FIELDS): Promise<Buffer> {
  const title = tx.t('export.title');
  return pack(title, [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [run(title)] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(record.title)] }),
    ...summary(record, tx),
    ...fieldParagraphs(record, tx, HeadingLevel.HEADING_2, fields),
  ]);
}

/** The official's own copy of a draft or a submission, in their language: to circulate for sign-off. */
export function ownCopyDocx(draft: Draft, tx: Texts, fields: Table = FIELDS): Promise<Buffer> {
  return practiceDocx(toRecord(draft, draft.reference ?? '', draft.updatedAt, fields), tx, fields);
}

/** "MESICIC-BP-2026-0001.docx", or the draft's title made safe for any file system ("borrador-….docx"). */
export function ownCopyName(draft: Draft, tx: Texts): string {
  if (draft.reference) return `${draft.reference}.docx`;
  const slug = fold(titleOf(draft) ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${tx.t('export.fileDraft')}${slug ? `-${slug}` : ''}.docx`;
}

const anchored = (id: string, text: string, heading: Heading, pageBreakBefore = false) =>
  new Paragraph({ heading, pageBreakBefore, children: [new Bookmark({ id, children: [run(text)] })] });

const link = (anchor: string, text: string, indent = 0) =>
  new Paragraph({
    indent: { left: indent },
    children: [new InternalHyperlink({ anchor, children: [run(text, { style: 'Hyperlink' })] })],
  });

/**
 * The practices submitted in `semester` (others in `records` are left out), filed by thematic area: a
 * contents list linking to each area and practice, then each area with its practices in full.
 */
export function compilationDocx(
  records: readonly Classified[],
  semester: Semester,
  tx: Texts,
  fields: Table = FIELDS,
): Promise<Buffer> {
  const groups = groupByArea(
    records.filter((r) => semesterOf(r.submittedAt) === semester),
    tx.locale,
  );
  const title = tx.t('export.compilationTitle', { semester: semesterName(semester, tx) });
  const total = groups.reduce((n, g) => n + g.practices.length, 0);
  // Bookmark names must be short and plain, so they are numbered rather than taken from the texts.
  const areaAnchor = (i: number) => `area_${i + 1}`;
  const practiceAnchor = (i: number, j: number) => `bp_${i + 1}_${j + 1}`;
  const entry = (r: Classified) =>
    `${tx.t('export.labelled', { label: `${r.reference} · ${stateName(r.state, tx.locale)}` })} ${r.title}`;

  const contents = groups.flatMap((g, i) => [
    link(areaAnchor(i), `${areaName(g.area, tx)} · ${g.practices.length}`),
    ...g.practices.map((r, j) => link(practiceAnchor(i, j), entry(r), 360)),
  ]);
  const body = groups.flatMap((g, i) => [
    anchored(areaAnchor(i), areaName(g.area, tx), HeadingLevel.HEADING_1, true),
    ...g.practices.flatMap((r, j) => [
      anchored(practiceAnchor(i, j), r.title, HeadingLevel.HEADING_2),
      line(tx.t('export.state'), stateName(r.state, tx.locale), tx),
      line(tx.t('export.institution'), r.institution, tx),
      line(tx.t('export.reference'), r.reference, tx),
      ...fieldParagraphs(r, tx, HeadingLevel.HEADING_3, fields),
    ]),
  ]);
  return pack(title, [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [run(title)] }),
    new Paragraph({ children: [run(tx.t('export.total', { count: total }))] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(tx.t('export.contents'))] }),
    ...contents,
    ...body,
  ]);
}
