import { newDraft, type Draft } from '../../../dialogs/core/draft.js';
import type { SourceBlock } from '../../../dialogs/core/importing/blocks.js';
import { importInto, type ImportContext, type Imported } from '../../../dialogs/core/importing/importDraft.js';

/** A fresh draft, as the bot makes one for an official who sends a document first. */
export const emptyDraft = (): Draft => newDraft('d-1', { id: 'aad-1' }, '2026-03-02T10:00:00.000Z');

export const CTX: ImportContext = { locale: 'es', now: new Date('2026-03-02T10:05:00.000Z'), overwrite: false };

/** The draft's answers as their texts, by part id: what the tests compare with the seeds. */
export const textsOf = (draft: Draft): Record<string, string> =>
  Object.fromEntries(Object.entries(draft.answers).map(([id, a]) => [id, a.text]));

export const importBlocks = (blocks: SourceBlock[], draft = emptyDraft(), ctx: Partial<ImportContext> = {}): Imported =>
  importInto(draft, blocks, { ...CTX, ...ctx });

/** Every part id the report lists under `what`, in the report's order. */
export const idsIn = (imported: Imported, what: 'found' | 'missing' | 'failed' | 'kept'): string[] =>
  imported.report.fields.flatMap((f) => f[what].map((p) => p.id));
