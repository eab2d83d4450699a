import type { Logger } from 'pino';
import {
  acceptDialogCard,
  returnDialogCard,
  RETURN_COMMENT_MAX,
  wordDialogCard,
} from '../../dialogs/cards/reviewDialogs.js';
import type { Card } from '../../dialogs/cards/cards.js';
import { sizeLabel } from '../../dialogs/core/attachments.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { Practices } from '../../dialogs/core/ports.js';
import type { PracticeRecord } from '../../dialogs/core/practice.js';
import type { ReviewResult, ReviewService } from '../../dialogs/core/review.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import type { Config } from '../config.js';
import type { FileLinks } from '../export/fileLinks.js';
import { isReviewer } from '../guards/reviewers.js';
import { viewSubject } from '../reviewPages/routes.js';
import { messageBox, type TaskKind, type TaskKinds } from './taskModules.js';
import { refusalText, ReviewTarget } from './reviews.js';

// The SDK's types as the dialog router hands them over: this file needs no import of its own from the SDK.
type TurnContext = Parameters<TaskKind['fetch']>[0];
type TaskModuleResponse = Awaited<ReturnType<TaskKind['fetch']>>;

export interface ReviewDialogDeps {
  reviews: ReviewService;
  practices: Practices;
  catalog: Catalog;
  config: Config;
  links: FileLinks;
  publicUrl: () => string;
  logger: Logger;
}

const cardDialog = (title: string, card: Card, size: 'small' | 'medium' | 'large'): TaskModuleResponse => ({
  task: {
    type: 'continue',
    value: {
      title,
      width: size,
      height: size,
      card: { contentType: 'application/vnd.microsoft.card.adaptive', content: card },
    },
  },
});

/** Why a decision cannot be taken from this card any more, before the dialog even opens; undefined when it can. */
function staleness(record: PracticeRecord, version: number | undefined): ReviewResult | undefined {
  if (version !== undefined && version !== record.version) return { ok: false, reason: 'otherVersion', record };
  if (record.status !== 'submitted') return { ok: false, reason: 'notUnderReview', status: record.status, record };
  return undefined;
}

/** The comments typed in the Return dialog, by field number (its inputs are "comment-<n>"). */
function typedComments(data: Record<string, unknown>): Record<number, string> {
  const out: Record<number, string> = {};
  for (const f of FIELDS) {
    const value = data[`comment-${f.number}`];
    if (typeof value === 'string' && value.trim()) out[f.number] = value;
  }
  return out;
}

/**
 * The reviewers' dialogs, opened from a practice's card: View (a page with every field and what changed), Word
 * (its signed links), Return (a comment per field, checked in the dialog) and Accept where the card's one-click
 * action is not available. Everything they answer, refusals included, is seen by the reviewer who opened them
 * alone; nothing is posted in the channel. Only reviewers get past the first check.
 */
export function reviewDialogs(deps: ReviewDialogDeps): TaskKinds {
  const texts = () => deps.catalog.texts(deps.config.SECRETARIAT_LOCALE);
  const url = (path: string, subject: string) =>
    `${deps.publicUrl()}${path}?t=${encodeURIComponent(deps.links.token(subject))}`;

  /** The checks every dialog starts with; the practice and the version its card showed, when they pass. */
  const open = async (
    context: TurnContext,
    data: Record<string, unknown>,
    tx: Texts,
  ): Promise<{ record: PracticeRecord; version?: number } | { refused: TaskModuleResponse }> => {
    const target = ReviewTarget.safeParse(data);
    if (!target.success) return { refused: messageBox(tx.t('dialogs.unknown')) };
    if (!isReviewer(context, deps.config)) {
      deps.logger.warn({ reference: target.data.reference }, 'review dialog refused: not a reviewer');
      return { refused: messageBox(tx.t('reviewing.notReviewer')) };
    }
    const record = await deps.practices.get(target.data.reference);
    if (!record) return { refused: messageBox(tx.t('reviewing.notFound', { reference: target.data.reference })) };
    return { record, ...(target.data.version ? { version: target.data.version } : {}) };
  };

  /** `open`, and the card it came from still true: a decision is asked only of a practice that awaits one. */
  const openUndecided = async (context: TurnContext, data: Record<string, unknown>, tx: Texts) => {
    const opened = await open(context, data, tx);
    if ('refused' in opened) return opened;
    const stale = staleness(opened.record, opened.version);
    return stale ? { refused: messageBox(refusalText(tx, stale, opened.record.reference)) } : opened;
  };

  const returnDialog = (tx: Texts, record: PracticeRecord, typed?: Record<number, string>, error?: string) =>
    cardDialog(
      tx.t('reviewDialog.returnTitle', { reference: record.reference, version: record.version }),
      returnDialogCard(tx, record, typed, error),
      'large',
    );

  return {
    reviewView: {
      async fetch(context, data) {
        const tx = texts();
        const opened = await open(context, data, tx);
        if ('refused' in opened) return opened.refused;
        const { record, version } = opened;
        const link = url('/review/view', viewSubject(record.reference, version));
        return {
          task: {
            type: 'continue',
            value: {
              title: tx.t('viewPage.dialogTitle', { reference: record.reference, version: record.version }),
              url: link,
              fallbackUrl: link,
              width: 'large',
              height: 'large',
            },
          },
        };
      },
    },
    reviewWord: {
      async fetch(context, data) {
        const tx = texts();
        const opened = await open(context, data, tx);
        if ('refused' in opened) return opened.refused;
        const { record } = opened;
        const files = (record.attachments ?? []).map((a) => ({
          name: a.name,
          url: url('/files', `attachment:${record.reference}:${a.id}`),
          size: sizeLabel(a.size, tx.locale),
        }));
        return cardDialog(
          tx.t('reviewDialog.wordTitle', { reference: record.reference }),
          wordDialogCard(tx, url('/files', `practice:${record.reference}`), files),
          'small',
        );
      },
    },
    reviewReturn: {
      async fetch(context, data) {
        const tx = texts();
        const opened = await openUndecided(context, data, tx);
        if ('refused' in opened) return opened.refused;
        return returnDialog(tx, opened.record);
      },
      async submit(context, data) {
        const tx = texts();
        const opened = await open(context, data, tx);
        if ('refused' in opened) return opened.refused;
        const { record, version } = opened;
        const typed = typedComments(data);
        const tooLong = Object.entries(typed).find(([, c]) => c.length > RETURN_COMMENT_MAX);
        // A problem with what was typed is answered in the dialog itself, the text kept, to the reviewer alone.
        if (tooLong)
          return returnDialog(
            tx,
            record,
            typed,
            tx.t('reviewDialog.tooLong', { n: tooLong[0], max: RETURN_COMMENT_MAX }),
          );
        if (Object.keys(typed).length === 0) return returnDialog(tx, record, typed, tx.t('reviewDialog.none'));
        const result = await deps.reviews.giveBack(
          record.reference,
          officialFrom(context.activity),
          typed,
          new Date(),
          version,
        );
        if (!result.ok || result.already) return messageBox(refusalText(tx, result, record.reference));
        // Closed: the card in the channel now says it was returned, by whom, and which fields.
        return undefined;
      },
    },
    reviewAccept: {
      async fetch(context, data) {
        const tx = texts();
        const opened = await openUndecided(context, data, tx);
        if ('refused' in opened) return opened.refused;
        return cardDialog(
          tx.t('reviewDialog.acceptTitle', { reference: opened.record.reference }),
          acceptDialogCard(tx, opened.record),
          'small',
        );
      },
      async submit(context, data) {
        const tx = texts();
        const opened = await open(context, data, tx);
        if ('refused' in opened) return opened.refused;
        const { record, version } = opened;
        const result = await deps.reviews.accept(record.reference, officialFrom(context.activity), new Date(), version);
        if (!result.ok || result.already) return messageBox(refusalText(tx, result, record.reference));
        return undefined;
      },
    },
  };
}
