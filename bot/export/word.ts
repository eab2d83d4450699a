import {
  Bookmark,
  Document,
  Footer,
  HeadingLevel,
  InternalHyperlink,
  Packer,
  PageReference,
  Paragraph,
  TableOfContents,
  type FileChild,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import { groupByArea, semesterOf, thematicAreas, type Classified, type Semester } from '../../dialogs/core/classify.js';
import { FIELDS, partId, type FieldDef, type PartDef, type Table } from '../../dialogs/core/fields.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { titleOf, type Draft } from '../../dialogs/core/draft.js';
import { toRecord } from '../../dialogs/core/practice.js';
import { fold } from '../../dialogs/core/normalize.js';
import { ATTACHED_MARK, sizeLabel } from '../../dialogs/core/attachments.js';
import type { ThematicArea } from '../../dialogs/core/reference.js';
import { corePropertiesPart, type DocProperties } from './coreProperties.js';
import { documentStyles, PAGE, STYLE, wordLanguage } from './docStyles.js';
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
import { markdownBlocks } from './lightMarkdown.js';
import { draftHeader, footer } from './pageParts.js';
import { run, sentence, xmlSafe } from './runs.js';

type Heading = (typeof HeadingLevel)[keyof typeof HeadingLevel];

// "Label: " through the locale files, so French gets its space before the colon.
const lead = (name: string, tx: Texts) => run(`${tx.t('export.labelled', { label: name })} `, { bold: true });
const summaryLine = (name: string, value: string | ParagraphChild[], tx: Texts) =>
  new Paragraph({
    style: STYLE.summary,
    children: [lead(name, tx), ...(typeof value === 'string' ? [run(value)] : value)],
  });
const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [run(text)] });

function partBlocks(record: Classified, field: FieldDef, part: PartDef, tx: Texts): FileChild[] {
  const answer = record.answers[partId(field, part)];
  const opening = field.parts.length > 1 ? [lead(capitalize(partName(field, part, tx), tx.locale), tx)] : [];
  const files = part.files ? (record.attachments ?? []) : [];
  // Field 11's stand-in text (a list of the files) gives way to the list of files itself, sizes included.
  const standIn = files.length > 0 && answer?.value === ATTACHED_MARK;
  const out: FileChild[] = [];
  if (!answer) out.push(new Paragraph({ children: [...opening, run(tx.t('export.noAnswer'), { italics: true })] }));
  // The State as the reader names it ("pa" typed, "Panamá" filed), not as the official typed it.
  else if (part.input === 'state' && typeof answer.value === 'string')
    out.push(new Paragraph({ children: [...opening, run(stateName(answer.value, tx.locale))] }));
  else if (!standIn) out.push(...markdownBlocks(answer.text, { opening, language: wordLanguage(answer.lang) }));
  if (files.length)
    out.push(
      new Paragraph({ keepNext: true, children: [lead(tx.t('attachments.heading'), tx)] }),
      ...files.map((f) => bullet(`${f.name} (${sizeLabel(f.size, tx.locale)})`)),
    );
  // What the official wrote names the provisions loosely; the Secretariat also wants the ids it files them by.
  if (part.role === 'provisions') out.push(...record.provisions.map((p) => bullet(provisionLine(p, tx.locale))));
  return out;
}

function fieldBlocks(record: Classified, tx: Texts, heading: Heading, fields: Table): FileChild[] {
  return fields.flatMap((field) => [
    new Paragraph({ heading, children: [run(fieldHeading(field, tx))] }),
    ...field.parts.flatMap((part) => partBlocks(record, field, part, tx)),
  ]);
}

const areasLine = (areas: ThematicArea[], tx: Texts) =>
  areas.length ? areas.map((a) => areaName(a, tx)).join('; ') : areaName(null, tx);

function summary(record: Classified, tx: Texts): Paragraph[] {
  // A draft has no reference yet, and its date is when it was last saved, not a submission's.
  const unsent = !record.reference;
  return [
    summaryLine(tx.t('export.reference'), unsent ? tx.t('export.notSubmitted') : record.reference, tx),
    summaryLine(tx.t('export.state'), stateName(record.state, tx.locale), tx),
    summaryLine(tx.t('export.institution'), record.institution, tx),
    summaryLine(tx.t('export.kind'), kindLabel(record, tx), tx),
    ...(record.sessionName ? [summaryLine(tx.t('export.session'), record.sessionName, tx)] : []),
    summaryLine(tx.t(unsent ? 'export.savedAt' : 'export.submittedAt'), dateName(record.submittedAt, tx.locale), tx),
    summaryLine(
      tx.t('export.status'),
      tx.t('export.statusVersion', { status: statusLabel(record, tx), version: record.version }),
      tx,
    ),
    summaryLine(tx.t('export.areas'), areasLine(thematicAreas(record), tx), tx),
  ];
}

interface Built {
  properties: DocProperties;
  section: ISectionOptions;
  /** The document has a table of contents: Word refreshes it on opening; `estimate` writes its page numbers too. */
  contents?: { estimate: boolean };
}

async function pack({ properties, section, contents }: Built, locale: Texts['locale']): Promise<Buffer> {
  const pageNumbers = contents?.estimate ? (await import('docx/layout')).estimatePageNumbers : undefined;
  const doc = new Document({
    title: xmlSafe(properties.title),
    creator: xmlSafe(properties.creator),
    styles: documentStyles(locale),
    features: { updateFields: contents !== undefined },
    ...(pageNumbers ? { pageNumbers } : {}),
    sections: [section],
  });
  return Packer.toBuffer(doc, false, [corePropertiesPart(properties)]);
}

const page = { page: PAGE };

/**
 * Up to this many practices the compilation's contents are written with their page numbers, laid out by docx
 * (docx/layout) as Word would: what LibreOffice, Word for the web and PDF converters show. The layout is slow (30
 * practices took 17 s on a busy 2-core machine, 31 without it 0.6 s; 500, some 800 pages, would take minutes), so
 * a larger semester is written with the contents' entries only, and Word fills in the numbers when it opens the
 * file (updateFields).
 */
const ESTIMATED_UP_TO = 20;

/** One practice in MESICIC's standard format, headings in the reader's language, answers as written. */
export function practiceDocx(record: Classified, tx: Texts, fields: Table = FIELDS): Promise<Buffer> {
  const standard = tx.t('export.title');
  const draft = !record.reference;
  return pack(
    {
      properties: {
        title: record.title || standard,
        subject: standard,
        creator: record.institution || 'MESICIC',
        keywords: [record.reference, stateName(record.state, tx.locale), 'MESICIC'].filter(Boolean).join('; '),
        description: draft ? tx.t('export.draftMark') : record.reference,
        language: wordLanguage(tx.locale),
        created: record.submittedAt,
      },
      section: {
        properties: page,
        ...(draft ? { headers: { default: draftHeader(tx) } } : {}),
        footers: { default: footer(draft ? tx.t('export.draftMark') : record.reference, tx) },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [run(standard)] }),
          ...(draft ? [new Paragraph({ style: STYLE.draftMark, children: [run(tx.t('export.draftNotice'))] })] : []),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(record.title || tx.t('export.noTitle'))] }),
          ...summary(record, tx),
          ...fieldBlocks(record, tx, HeadingLevel.HEADING_2, fields),
        ],
      },
    },
    tx.locale,
  );
}

/** The official's own copy of a draft or a submission, in their language: to circulate for sign-off. */
export function ownCopyDocx(draft: Draft, tx: Texts, fields: Table = FIELDS): Promise<Buffer> {
  return practiceDocx(toRecord(draft, draft.reference ?? '', draft.updatedAt, fields), tx, fields);
}

/**
 * "MESICIC-BP-2026-0001.docx", or a draft's title made safe for any file system, marked as a draft
 * ("borrador-tablero-publico-de-seguimiento….docx"; "borrador.docx" before it has a title): never an internal id.
 */
function fileName(reference: string | undefined, title: string | undefined, tx: Texts): string {
  if (reference) return `${reference}.docx`;
  const slug = fold(title ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${tx.t('export.fileDraft')}${slug ? `-${slug}` : ''}.docx`;
}

/** The name of an official's own copy. */
export const ownCopyName = (draft: Draft, tx: Texts): string => fileName(draft.reference, titleOf(draft), tx);

/** The name of a practice's Word file, a draft's included (the tab's download of one). */
export const practiceFileName = (record: Classified, tx: Texts): string => fileName(record.reference, record.title, tx);

const bookmarked = (id: string, children: ParagraphChild[]) => new Bookmark({ id, children });

/** "México — Tablero público…": the State first, as the contents lists practices. */
const entryTitle = (r: Classified, tx: Texts) => `${stateName(r.state, tx.locale)} — ${r.title}`;

function cover(title: string, semester: Semester, practices: readonly Classified[], areas: number, tx: Texts) {
  const states = new Set(practices.map((r) => r.state)).size;
  const line = (text: string) => new Paragraph({ style: STYLE.coverLine, children: [run(text)] });
  return [
    new Paragraph({ style: STYLE.coverOrg, children: [run(tx.t('export.oas'))] }),
    new Paragraph({ style: STYLE.coverOrg, children: [run(tx.t('export.mesicic'))] }),
    new Paragraph({ style: STYLE.coverTitle, children: [run(title)] }),
    line(capitalize(semesterName(semester, tx), tx.locale)),
    line(tx.t('export.total', { count: practices.length })),
    line(tx.t('export.statesCount', { count: states })),
    line(tx.t('export.areasCount', { count: areas })),
  ];
}

/**
 * The practices submitted in `semester` (others in `records` are left out), filed by thematic area: a cover, a
 * table of contents Word fills with page numbers, then each area (Heading 1, on a new page) with its practices
 * (Heading 2, each on its own page) in full. A practice in several areas is printed in full under its first, and
 * listed under each of the others with a link to that page, so no area loses it and the file does not double.
 */
export function compilationDocx(
  records: readonly Classified[],
  semester: Semester,
  tx: Texts,
  fields: Table = FIELDS,
): Promise<Buffer> {
  const practices = records.filter((r) => semesterOf(r.submittedAt) === semester);
  const groups = groupByArea(practices, tx.locale);
  const title = tx.t('export.coverTitle');
  const fullTitle = tx.t('export.compilationTitle', { semester: semesterName(semester, tx) });
  // Bookmark names must be short and plain, so they are numbered rather than taken from the texts.
  const anchors = new Map(practices.map((r, i) => [r, `bp_${i + 1}`]));
  const areaOf = (r: Classified) => thematicAreas(r)[0]?.id ?? null;

  const body = groups.flatMap((g) => {
    const here = g.area?.id ?? null;
    const full = g.practices.filter((r) => areaOf(r) === here);
    const elsewhere = g.practices.filter((r) => areaOf(r) !== here);
    return [
      new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [run(areaName(g.area, tx))] }),
      ...full.flatMap((r, j) => [
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          // Each practice on its own page; the first shares its page with its area's heading.
          pageBreakBefore: j > 0,
          children: [bookmarked(anchors.get(r)!, [run(entryTitle(r, tx))])],
        }),
        ...summary(r, tx),
        ...fieldBlocks(r, tx, HeadingLevel.HEADING_3, fields),
      ]),
      ...(elsewhere.length
        ? [
            new Paragraph({
              heading: HeadingLevel.HEADING_3,
              pageBreakBefore: full.length > 0,
              children: [run(tx.t('export.alsoHere'))],
            }),
          ]
        : []),
      ...elsewhere.flatMap((r) => {
        const anchor = anchors.get(r)!;
        const first = areaName(thematicAreas(r)[0] ?? null, tx);
        return [
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(entryTitle(r, tx))] }),
          summaryLine(tx.t('export.reference'), r.reference, tx),
          new Paragraph({
            style: STYLE.summary,
            children: [
              new InternalHyperlink({
                anchor,
                children: sentence(
                  (m) => tx.t('export.fullTextAt', { ...m, area: first }),
                  { page: new PageReference(anchor) },
                  {
                    style: 'Hyperlink',
                  },
                ),
              }),
            ],
          }),
        ];
      }),
    ];
  });
  const areas = groups.filter((g) => g.area).length;
  return pack(
    {
      contents: { estimate: practices.length <= ESTIMATED_UP_TO },
      properties: {
        title: fullTitle,
        subject: tx.t('export.mesicic'),
        creator: 'MESICIC',
        keywords: `MESICIC; ${semester}`,
        description: tx.t('export.total', { count: practices.length }),
        language: wordLanguage(tx.locale),
        created: new Date().toISOString(),
      },
      section: {
        properties: { ...page, titlePage: true },
        // The cover has no footer.
        footers: {
          default: footer(`MESICIC · ${fullTitle}`, tx),
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
        },
        children: [
          ...cover(title, semester, practices, areas, tx),
          new Paragraph({
            style: STYLE.contentsHeading,
            pageBreakBefore: true,
            children: [run(tx.t('export.contents'))],
          }),
          new TableOfContents(xmlSafe(tx.t('export.contents')), { hyperlink: true, headingStyleRange: '1-2' }),
          ...body,
        ],
      },
    },
    tx.locale,
  );
}
