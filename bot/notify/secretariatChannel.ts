import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Config } from '../config.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { notification } from '../../dialogs/core/views.js';
import type { NotifyPayload } from '../../dialogs/core/submission.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { SettingsRepository } from '../../storage/repositories/settings.js';
import type { OutboxItem, OutboxRepository } from '../../storage/repositories/outbox.js';
import { queueReachedNotice } from '../../dialogs/core/review.js';
import { toActivities } from '../../dialogs/teams/render.js';
import { sendProactive } from './proactive.js';

const SETTING = 'secretariat-channel';

/** Raised while no channel is known yet; the notification waits in the outbox until one is. */
export class NoChannelError extends Error {
  readonly statusCode = 503;
  constructor() {
    super('No Secretariat channel yet: install the bot in the Secretariat team or set SECRETARIAT_CHANNEL_ID');
  }
}

/**
 * The Teams channel where the Secretariat reviews practices: the one given by configuration, else the one
 * saved when the bot was installed in the Secretariat's team.
 */
export class SecretariatChannel {
  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      config: Config;
      settings: SettingsRepository;
      practices: PracticeRepository;
      catalog: Catalog;
      /** Where to queue the official's "it reached the Secretariat" once a notification has landed. */
      outbox?: OutboxRepository;
    },
  ) {}

  private configured(): Partial<ConversationReference> | undefined {
    const {
      SECRETARIAT_CHANNEL_ID: id,
      SECRETARIAT_SERVICE_URL: serviceUrl,
      SECRETARIAT_TENANT_ID: tenantId,
    } = this.deps.config;
    if (!id || !serviceUrl) return undefined;
    return {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id, isGroup: true, conversationType: 'channel', name: '', ...(tenantId ? { tenantId } : {}) },
    };
  }

  async target(): Promise<Partial<ConversationReference> | undefined> {
    return this.configured() ?? (await this.deps.settings.get<Partial<ConversationReference>>(SETTING));
  }

  /** Called on installation in a team: only the configured Secretariat team becomes the channel. */
  async rememberIfSecretariat(context: TurnContext): Promise<boolean> {
    const team = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    if (!team || team !== this.deps.config.SECRETARIAT_TEAM_ID) return false;
    const reference = TurnContext.getConversationReference(context.activity);
    // Post new threads into the team's General channel, whose id is the team's id.
    await this.deps.settings.set(SETTING, { ...reference, conversation: { ...reference.conversation, id: team } });
    return true;
  }

  async deliver(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const { reference, version } = item.payload as NotifyPayload;
    const target = await this.target();
    if (!target) throw new NoChannelError();
    const record = await this.deps.practices.get(reference);
    if (!record) throw Object.assign(new Error(`Practice ${reference} not found`), { statusCode: 404 });
    const tx = this.deps.catalog.texts(this.deps.config.SECRETARIAT_LOCALE);
    // A post with no answer may still have landed: see the note on duplicates in outboxWorker.ts.
    await sendProactive(
      this.deps.adapter,
      this.deps.config.MicrosoftAppId ?? '',
      target,
      toActivities([notification(tx, record)], this.deps.catalog),
      signal ? { signal } : {},
    );
    // Queued before this item is marked delivered: a crash in between repeats the post, never loses the notice.
    if (this.deps.outbox) await queueReachedNotice(this.deps.outbox, record, version ?? record.version, new Date());
  }
}
