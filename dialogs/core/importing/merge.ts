import { REVIEW_STEP, type Draft } from '../draft.js';
import { FIELDS, partId, type Table } from '../fields.js';
import { preview, type FieldReport, type ImportReport } from './report.js';

/**
 * An imported draft poured into the official's open one, when they chose to fill it rather than keep two:
 * only the parts the open draft lacks are taken, and where the document says otherwise the part is reported as
 * kept; with `replace` (a revised document, the official's explicit choice) the document's text wins. The
 * cursor goes to the first part still missing.
 */
export function mergeInto(
  into: Draft,
  from: Draft,
  options: { replace?: boolean } = {},
  fields: Table = FIELDS,
): { draft: Draft; report: ImportReport } {
  const answers = { ...into.answers };
  const reports: FieldReport[] = fields.map((field) => {
    const report: FieldReport = { field, found: [], missing: [], failed: [], kept: [] };
    for (const part of field.parts) {
      const id = partId(field, part);
      const mine = answers[id];
      const theirs = from.answers[id];
      if (theirs && !mine) {
        answers[id] = theirs;
        report.found.push({ part, id, preview: preview(theirs.text) });
      } else if (theirs && mine && theirs.text.trim() !== mine.text.trim()) {
        // Replacing is what the official asked for with the card's second button (a revised document).
        if (options.replace) {
          answers[id] = theirs;
          report.found.push({ part, id, preview: preview(theirs.text), replaced: true });
        } else report.kept.push({ part, id, preview: preview(mine.text), imported: preview(theirs.text) });
      }
      if (!answers[id] && part.required) report.missing.push({ part, id });
    }
    return report;
  });
  const filled = new Set(Object.keys(answers));
  const first = reports.flatMap((r) => r.missing.map((m) => m.id))[0];
  // Files attached to the imported draft come along; their bytes stay under its key (`origin`).
  const carried = (from.attachments ?? []).map((a) => ({ ...a, origin: a.origin ?? from.id }));
  const draft: Draft = {
    ...into,
    ...(carried.length ? { attachments: [...(into.attachments ?? []), ...carried] } : {}),
    kind: into.kind ?? from.kind ?? 'practice',
    answers,
    skipped: (into.skipped ?? []).filter((s) => !filled.has(s)),
    cursor: { step: first ?? REVIEW_STEP, failures: 0 },
  };
  return { draft, report: { fields: reports, ignored: 0, recognised: true } };
}
