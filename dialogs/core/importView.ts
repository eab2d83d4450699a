import { fieldsDone, type Draft } from './draft.js';
import { FIELDS, type FieldDef, type PartDef, type Table } from './fields.js';
import type { ImportReport, ImportRow } from './importing/report.js';
import { escapeChatText } from './markdown.js';
import type { Texts } from './texts.js';
import { titleLabel, type Reply } from './views.js';

const partName = (tx: Texts, field: FieldDef, part: PartDef) => tx.t(`fields.${field.key}.parts.${part.key}.name`);
// At the start of a line the part's name is capitalised ("Nombre de la institución: …").
const Cap = (tx: Texts, field: FieldDef, part: PartDef) => {
  const name = partName(tx, field, part);
  return name.charAt(0).toLocaleUpperCase(tx.locale) + name.slice(1);
};
const named = (tx: Texts, field: FieldDef, part: PartDef, text: string) =>
  field.parts.length > 1 ? tx.t('documents.partNamed', { part: Cap(tx, field, part), text }) : text;

/** The report as rows: the same for the chat text and the card. */
export function importRows(tx: Texts, report: ImportReport): ImportRow[] {
  return report.fields.map(({ field, found, missing, failed, kept }) => {
    const lines: ImportRow['lines'] = [];
    for (const f of found) lines.push({ text: named(tx, field, f.part, ''), own: f.preview });
    for (const f of failed)
      lines.push({
        text: `⚠️ ${named(tx, field, f.part, tx.t(f.error.key, f.error.params))}`,
      });
    for (const m of missing) lines.push({ text: tx.t('documents.missingPart', { part: partName(tx, field, m.part) }) });
    for (const k of kept)
      lines.push({ text: tx.t('documents.keptPart', { part: partName(tx, field, k.part) }), own: k.preview });
    const icon = failed.length ? '⚠️' : missing.length ? (found.length ? '◐' : '⬜') : '✅';
    return { icon, heading: `${field.number}. ${tx.t(`fields.${field.key}.label`)}`, lines };
  });
}

export interface ImportSummary {
  /** The file's name, or undefined for a pasted format. */
  name?: string;
  /** The draft it went into, when another open draft was left as it was. */
  other?: Draft;
  /** The draft was filled from another (the "fill my open draft" button). */
  merged?: boolean;
  /** …and the document's text replaced what it said differently (the "replace" button). */
  replaced?: boolean;
}

/** What the import did, as one message with a card: what was found per field, what is missing and what failed. */
export function imported(
  tx: Texts,
  draft: Draft,
  report: ImportReport,
  how: ImportSummary,
  fields: Table = FIELDS,
): Reply {
  const rows = importRows(tx, report);
  const count = { done: fieldsDone(draft, fields), total: fields.length };
  const asks = report.fields.reduce((n, f) => n + f.missing.length + f.failed.length, 0);
  const summary = [
    how.merged
      ? tx.t(how.replaced ? 'documents.replaced' : 'documents.merged', {
          title: titleLabel(tx, draft, (t) => t),
          ...count,
        })
      : how.name
        ? tx.t('documents.read', { name: how.name, ...count })
        : tx.t('documents.readText', count),
    how.other ? tx.t('documents.newDraft', { title: titleLabel(tx, how.other, (t) => t) }) : '',
    asks ? tx.t('documents.next', { count: asks }) : tx.t('documents.allThere'),
  ]
    .filter(Boolean)
    .join(' ');
  const text = [
    escapeChatText(summary),
    ...rows.map((r) =>
      [
        `${r.icon} **${r.heading}**`,
        ...r.lines.map((l) => `${escapeChatText(l.text)}${l.own ? escapeChatText(l.own) : ''}`),
      ].join('\n'),
    ),
  ].join('\n\n');
  return {
    text,
    view: {
      type: 'imported',
      draft,
      rows,
      summary,
      ...(how.other ? { other: { id: how.other.id, title: titleLabel(tx, how.other, (t) => t) } } : {}),
    },
    locale: tx.locale,
  };
}
