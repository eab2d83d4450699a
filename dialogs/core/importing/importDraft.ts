import { REVIEW_STEP, SESSION_STEP, type Answer, type Draft } from '../draft.js';
import { FIELDS, partId, type FieldDef } from '../fields.js';
import type { Locale } from '../normalize.js';
import { validatePart } from '../validation.js';
import type { SourceBlock } from './blocks.js';
import { partsFromSection } from './fieldParts.js';
import { preview, type FieldReport, type ImportReport } from './report.js';
import { findSections } from './sections.js';

/*
 * A filled format read into a draft, as a pure function: every part the document gives is checked exactly as
 * if the official had typed it, and kept the same way; what is missing or wrong is asked next, one part at a
 * time, by the ordinary walk. No storage and no texts: the engine saves the draft and words the report.
 */

export interface ImportContext {
  /** The official's language, kept with each answer as answering.ts does (answers are never translated). */
  locale: Locale;
  now: Date;
  /** Replace answers the draft already has when the document says something else; otherwise keep and report them. */
  overwrite: boolean;
}

export interface Imported {
  draft: Draft;
  report: ImportReport;
}

type Answers = Record<string, Answer>;

/** One field's parts read, checked and kept (or not) in `answers`, which it updates. */
function importField(field: FieldDef, text: string | undefined, had: Answers, answers: Answers, ctx: ImportContext) {
  const report: FieldReport = { field, found: [], missing: [], failed: [], kept: [] };
  const parts = text ? partsFromSection(field, text) : {};
  for (const part of field.parts) {
    const id = partId(field, part);
    const given = parts[part.key];
    const before = had[id];
    if (given === undefined) {
      if (part.required && !before) report.missing.push({ part, id });
      continue;
    }
    const result = validatePart(id, given);
    if (!result.ok) {
      report.failed.push({ part, id, error: result.error });
      continue;
    }
    const differs = !!before && before.text !== result.parsed.text;
    if (differs && !ctx.overwrite) {
      report.kept.push({ part, id, preview: preview(before.text), imported: preview(result.parsed.text) });
      continue;
    }
    // The same text again is left as it was (its date included): importing twice changes nothing.
    if (!before || differs) answers[id] = { ...result.parsed, lang: ctx.locale, at: ctx.now.toISOString() };
    report.found.push({
      part,
      id,
      preview: preview(result.parsed.text),
      ...(differs ? { replaced: true as const } : {}),
      ...(result.reminder ? { reminder: result.reminder } : {}),
    });
  }
  return report;
}

/** Where the official goes on: the first part still to answer (not one set aside with "skip"), else the review. */
function nextAfterImport(draft: Draft, fields: FieldReport[]): string {
  const skipped = new Set(draft.skipped ?? []);
  const open = fields
    .flatMap((f) => [...f.missing, ...f.failed].map((p) => p.id))
    .filter((id) => !draft.answers[id] && !skipped.has(id));
  const first = fields.flatMap((f) => f.field.parts.map((p) => partId(f.field, p))).find((id) => open.includes(id));
  if (first) return first;
  return draft.kind === 'session' && !draft.sessionName ? SESSION_STEP : REVIEW_STEP;
}

/**
 * The document's answers put into `draft`. A document in which no label of the format is found leaves the
 * draft as it was (`report.recognised` is false). A draft with no kind yet becomes a good practice: the
 * format is the practices' format.
 */
export function importInto(draft: Draft, blocks: readonly SourceBlock[], ctx: ImportContext): Imported {
  const sections = findSections(blocks);
  const answers: Answers = { ...draft.answers };
  const fields = FIELDS.map((field) =>
    importField(field, sections.byField.get(field.key), draft.answers, answers, ctx),
  );
  const report: ImportReport = { fields, ignored: sections.ignored, recognised: sections.order.length > 0 };
  if (!report.recognised) return { draft, report };
  const answered = new Set(fields.flatMap((f) => f.found.map((p) => p.id)));
  const updated: Draft = {
    ...draft,
    kind: draft.kind ?? 'practice',
    answers,
    skipped: (draft.skipped ?? []).filter((s) => !answered.has(s)),
  };
  return { draft: { ...updated, cursor: { step: nextAfterImport(updated, fields), failures: 0 } }, report };
}
