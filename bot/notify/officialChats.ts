import {
  CardFactory,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type Middleware,
} from 'botbuilder';
import { escapeChatText } from '../../dialogs/core/markdown.js';
import { baseLocale } from '../../dialogs/core/normalize.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { OfficialNotice } from '../../dialogs/core/review.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import type { DraftRepository } from '../../storage/repositories/drafts.js';
import type { OutboxItem } from '../../storage/repositories/outbox.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { ProfileRepository } from '../../storage/repositories/profiles.js';
import type { SettingsRepository } from '../../storage/repositories/settings.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import { sendProactive } from './proactive.js';
import { resumeButton } from '../../dialogs/cards/cards.js';

const key = (ownerId: string) => `official-chat-${ownerId}`;

/**
 * Where to reach each official later (a returned practice, an acceptance): their personal chat's conversation
 * reference, saved the first time this process sees them write, not on every turn.
 */
export class OfficialChats {
  private readonly known = new Set<string>();

  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      appId: string;
      settings: SettingsRepository;
      practices: PracticeRepository;
      drafts: DraftRepository;
      profiles: ProfileRepository;
      catalog: Catalog;
    },
  ) {}

  remember(): Middleware {
    return {
      onTurn: async (context, next) => {
        const a = context.activity;
        if (a.type === 'message' && a.conversation?.conversationType === 'personal' && a.from?.aadObjectId) {
          const id = officialFrom(a).id;
          if (!this.known.has(id)) {
            await this.deps.settings.set(key(id), TurnContext.getConversationReference(a));
            this.known.add(id);
          }
        }
        await next();
      },
    };
  }

  /** Whether the bot can write to this official on its own: they have written to it in their personal chat. */
  async knows(ownerId: string): Promise<boolean> {
    return (await this.deps.settings.get(key(ownerId))) !== undefined;
  }

  /** Posts into the official's personal chat outside any turn (a reminder); rejects when none is known. */
  async send(ownerId: string, activities: Partial<Activity>[], signal?: AbortSignal): Promise<void> {
    const reference = await this.deps.settings.get<Partial<ConversationReference>>(key(ownerId));
    if (!reference) throw Object.assign(new Error('Official has no known personal chat'), { statusCode: 404 });
    await sendProactive(this.deps.adapter, this.deps.appId, reference, activities, signal ? { signal } : {});
  }

  async deliver(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const notice = item.payload as OfficialNotice;
    const reference = await this.deps.settings.get<Partial<ConversationReference>>(key(notice.ownerId));
    // No personal chat known yet: they will see the returned draft when they next open the bot.
    if (!reference) throw Object.assign(new Error('Official has no known personal chat'), { statusCode: 404 });
    const record = await this.deps.practices.get(notice.reference);
    const profile = await this.deps.profiles.get(notice.ownerId);
    const tx = this.deps.catalog.texts(profile.locale ?? record?.lang ?? baseLocale(undefined));
    // A presentation for a special session is named as one (i18next context "_session").
    const kind: Record<string, string> = record?.kind ? { context: record.kind } : {};
    let text = tx.t('reviewing.toOfficialAccepted', { reference: notice.reference, ...kind });
    if (notice.decision === 'reached') text = tx.t('receipt.reached', { reference: notice.reference, ...kind });
    if (notice.decision === 'returned' && record) {
      const draft = await this.deps.drafts.get(notice.ownerId, record.draftId);
      const fields = (draft?.review?.fields ?? [])
        .map((n) => `${n} (${tx.t(`fields.${FIELDS.find((f) => f.number === n)?.key ?? ''}.label`)})`)
        .join(', ');
      text = tx.t('reviewing.toOfficialReturned', {
        reference: notice.reference,
        fields,
        comment: escapeChatText(draft?.review?.comment ?? ''),
      });
    }
    // A returned practice is there to revise: under the notice, the button that opens it at its first field.
    const message: Partial<Activity> = { type: 'message', text };
    if (notice.decision === 'returned' && record)
      message.attachments = [
        CardFactory.adaptiveCard(resumeButton({ title: tx.t('cards.resume'), draftId: record.draftId })),
      ];
    await sendProactive(this.deps.adapter, this.deps.appId, reference, [message], signal ? { signal } : {});
  }
}
