import { answerAs, fieldsDone, titleOf, type Draft } from '../../dialogs/core/draft.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { stateName } from '../export/labels.js';

/** What the Secretariat keeps of a deleted draft, as the reviewer's "abandoned drafts" view shows it. */
export interface AbandonedDraft {
  id: string;
  owner: string;
  title: string;
  state: string;
  stateLabel: string;
  deletedAt: string;
  createdAt: string;
  fieldsDone: number;
  fieldsTotal: number;
}

/** The officials' deletions the view covers: the bot tells an official the Secretariat keeps them for 30 days. */
export const ABANDONED_DAYS = 30;

export interface AbandonedSource {
  /** Every official who may have drafts (their profiles' ids). */
  owners(): Promise<string[]>;
  listDeletedByOfficials(ownerIds: readonly string[], since: string): Promise<Draft[]>;
}

export function abandonedRow(draft: Draft, tx: Texts): AbandonedDraft {
  const state = answerAs(draft, 'state')?.value;
  const code = typeof state === 'string' ? state : '';
  return {
    id: draft.id,
    owner: draft.owner.name ?? draft.owner.id,
    title: titleOf(draft) || tx.t('draft.untitled', { date: draft.createdAt.slice(0, 10) }),
    state: code,
    stateLabel: code ? stateName(code, tx.locale) : '',
    deletedAt: draft.deleted?.at ?? draft.updatedAt,
    createdAt: draft.createdAt,
    fieldsDone: fieldsDone(draft),
    fieldsTotal: FIELDS.length,
  };
}

/**
 * Reading every official's drafts is the price of this view (drafts are filed per official, with no index of
 * deletions): it is paid when a reviewer opens the view, never by the list, and once a minute at most, so paging
 * through the result reads nothing again.
 */
export function abandonedDrafts(source: AbandonedSource, ttlMs = 60_000) {
  let cached: { at: number; drafts: Promise<Draft[]> } | undefined;
  return async (now: Date): Promise<Draft[]> => {
    if (!cached || now.getTime() - cached.at > ttlMs) {
      const since = new Date(now.getTime() - ABANDONED_DAYS * 86_400_000).toISOString();
      const drafts = source.owners().then((ids) => source.listDeletedByOfficials(ids, since));
      cached = { at: now.getTime(), drafts };
      // A failed read is not kept: the next request tries again.
      void drafts.catch(() => {
        if (cached?.drafts === drafts) cached = undefined;
      });
    }
    return cached.drafts;
  };
}
