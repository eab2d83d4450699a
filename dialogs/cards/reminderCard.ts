import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { fieldsDone, type Draft } from '../core/draft.js';
import { FIELDS } from '../core/fields.js';
import type { ReminderPayload } from '../core/reminders.js';
import { daysUntil } from '../core/reminders.js';
import type { Texts } from '../core/texts.js';
import { titleLabel, where } from '../core/views.js';
import { localTime, longDate } from '../core/workingHours.js';
import type { Card } from './cards.js';
import { escapeCardText as esc } from './escape.js';

const TEMPLATE = new ACData.Template(
  JSON.parse(readFileSync(new URL('./templates/reminder.json', import.meta.url), 'utf8')),
);

/** The local calendar date of an instant, as the official's language writes it. */
function localDate(at: string, timeZone: string, locale: string): string {
  const l = localTime(new Date(at), timeZone);
  const iso = `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  return longDate(iso, locale);
}

/**
 * A reminder in the official's personal chat: why it comes (drafts left untouched, or a special session
 * closing), each draft with where it stands and a Resume button (the welcome card's own button value, so
 * pressing it continues the draft at its step), and how to stop reminders.
 */
export function reminderCard(
  tx: Texts,
  payload: ReminderPayload,
  drafts: Draft[],
  now: Date,
  timeZone: string,
): { card: Card; summary: string } {
  const closing = payload.reason === 'closing' && payload.closes;
  const title = closing
    ? tx.t('nudge.titleClosing', { session: esc(payload.session ?? ''), date: longDate(payload.closes!, tx.locale) })
    : tx.t('nudge.titleUntouched', { count: drafts.length });
  const intro = closing
    ? tx.t('nudge.closing', { count: Math.max(0, daysUntil(now, payload.closes!, timeZone)) })
    : tx.t('nudge.untouched', { count: drafts.length });
  const card = TEMPLATE.expand({
    $root: {
      title,
      intro,
      resume: tx.t('cards.resume'),
      optOut: tx.t('nudge.optOut'),
      drafts: drafts.map((d) => ({
        id: d.id,
        line: tx.t('nudge.line', {
          title: titleLabel(tx, d, esc),
          done: fieldsDone(d),
          total: FIELDS.length,
          where: where(tx, d),
          date: localDate(d.updatedAt, timeZone, tx.locale),
        }),
      })),
    },
  }) as Card;
  return { card, summary: title };
}
