import type { Draft } from '../../dialogs/core/draft.js';
import { DEFAULT_LOCALE } from '../../dialogs/core/normalize.js';
import { zoneOf, type ReminderPayload } from '../../dialogs/core/reminders.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { reminderCard } from '../../dialogs/cards/reminderCard.js';
import type { DraftRepository } from '../../storage/repositories/drafts.js';
import type { OutboxItem } from '../../storage/repositories/outbox.js';
import type { ProfileRepository } from '../../storage/repositories/profiles.js';
import type { OfficialChats } from './officialChats.js';

const isOpen = (d: Draft | undefined): d is Draft =>
  !!d && !d.deleted && (d.status === 'draft' || d.status === 'returned');

/**
 * Delivers a queued reminder (kind REMINDER_KIND) into the official's personal chat, drawn at delivery from the
 * drafts as they are then: a draft submitted or deleted since is left out, and nothing is sent when none is left
 * or when the official said "no reminders" in the seconds between the decision and the delivery.
 */
export class ReminderDelivery {
  constructor(
    private readonly deps: {
      officials: Pick<OfficialChats, 'send'>;
      drafts: DraftRepository;
      profiles: ProfileRepository;
      catalog: Catalog;
      defaultTimeZone: string;
      clock?: () => Date;
    },
  ) {}

  async deliver(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const payload = item.payload as ReminderPayload;
    const profile = await this.deps.profiles.get(payload.ownerId);
    if (profile.reminders === 'off') return;
    const drafts = (await Promise.all(payload.drafts.map((id) => this.deps.drafts.get(payload.ownerId, id)))).filter(
      isOpen,
    );
    if (drafts.length === 0) return;
    const tx = this.deps.catalog.texts(profile.locale ?? profile.teamsLocale ?? DEFAULT_LOCALE);
    const now = this.deps.clock?.() ?? new Date();
    const { card, summary } = reminderCard(tx, payload, drafts, now, zoneOf(profile, this.deps.defaultTimeZone));
    await this.deps.officials.send(
      payload.ownerId,
      [
        {
          type: 'message',
          summary,
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
        },
      ],
      signal,
    );
  }
}
