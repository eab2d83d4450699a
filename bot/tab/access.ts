import type { Classified } from '../../dialogs/core/classify.js';
import type { Draft } from '../../dialogs/core/draft.js';
import { toRecord } from '../../dialogs/core/practice.js';
import type { DraftRepository } from '../../storage/repositories/drafts.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { TabUser } from './identity.js';

/**
 * One row of the tab: a submitted practice (key = its reference) or an official's unsubmitted draft (key = the
 * draft id). Drafts carry their last change as `submittedAt` so that the semester filter and the sorting treat
 * both alike; `isDraft` tells them apart.
 */
export type TabItem = Classified & { key: string; isDraft: boolean };

export interface AccessDeps {
  practices: Pick<PracticeRepository, 'list' | 'get'>;
  drafts: Pick<DraftRepository, 'listByOwner'>;
  /** AAD object ids of the Technical Secretariat's reviewers. */
  reviewers: readonly string[];
}

export type Role = 'reviewer' | 'official';

/** References and draft ids only: anything else never reaches the store (no path tricks in a key). */
export const KEY = /^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/;

export const roleOf = (user: TabUser, deps: Pick<AccessDeps, 'reviewers'>): Role =>
  deps.reviewers.includes(user.aadObjectId) ? 'reviewer' : 'official';

const newestFirst = (a: TabItem, b: TabItem) =>
  b.submittedAt.localeCompare(a.submittedAt) || a.key.localeCompare(b.key);

/** Reviewers see every practice in the repository; an official sees only what is filed under their own AAD id. */
export async function visibleItems(user: TabUser, deps: AccessDeps): Promise<TabItem[]> {
  if (roleOf(user, deps) === 'reviewer') {
    return (await deps.practices.list()).map((r) => ({ ...r, key: r.reference, isDraft: false })).sort(newestFirst);
  }
  const drafts = await deps.drafts.listByOwner(user.aadObjectId);
  const items = await Promise.all(drafts.map((d) => ownItem(user, d, deps)));
  return items.filter((i): i is TabItem => i !== undefined).sort(newestFirst);
}

/** One item the user may see, or undefined, whether it does not exist or belongs to someone else. */
export async function findItem(user: TabUser, key: string, deps: AccessDeps): Promise<TabItem | undefined> {
  if (!KEY.test(key)) return undefined;
  if (roleOf(user, deps) === 'reviewer') {
    const record = await deps.practices.get(key);
    return record && record.reference === key ? { ...record, key, isDraft: false } : undefined;
  }
  return (await visibleItems(user, deps)).find((i) => i.key === key);
}

async function ownItem(user: TabUser, draft: Draft, deps: AccessDeps): Promise<TabItem | undefined> {
  if (draft.owner.id !== user.aadObjectId) return undefined;
  if (draft.reference) {
    // The repository's record is what the Secretariat received; it is shown only if it is filed under this official too.
    const record = await deps.practices.get(draft.reference);
    if (record && record.submittedBy.id === user.aadObjectId)
      return { ...record, key: record.reference, isDraft: false };
  }
  if (draft.status !== 'draft' || !KEY.test(draft.id)) return undefined;
  return { ...toRecord(draft, '', draft.updatedAt), key: draft.id, isDraft: true };
}
