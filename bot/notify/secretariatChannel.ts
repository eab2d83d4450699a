import { CardFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Config } from '../config.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { notification } from '../../dialogs/core/views.js';
import type { NotifyPayload } from '../../dialogs/core/submission.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { SettingsRepository } from '../../storage/repositories/settings.js';
import type { OutboxItem, OutboxRepository } from '../../storage/repositories/outbox.js';
import { queueCardUpdate, queueReachedNotice, type CardUpdate } from '../../dialogs/core/review.js';
import type { ChannelPost, PracticeRecord } from '../../dialogs/core/practice.js';
import { notificationCard, versionPostCard } from '../../dialogs/cards/cards.js';
import { toActivities } from '../../dialogs/teams/render.js';
import { sendProactive, updateProactive } from './proactive.js';

const SETTING = 'secretariat-channel';

/** The saved channel: a conversation reference, and the team's Azure AD group (what a deep link to a thread needs). */
type Saved = Partial<ConversationReference> & { aadGroupId?: string };

/** What a drawn card shows that can change without a new version: the card is drawn again when it differs. */
const drawnState = (r: PracticeRecord) => `${r.version}|${r.status}|${r.history.length}|${(r.areas ?? []).join(',')}`;

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

  async target(): Promise<Saved | undefined> {
    return this.configured() ?? (await this.deps.settings.get<Saved>(SETTING));
  }

  /** Called on installation in a team: only the configured Secretariat team becomes the channel. */
  async rememberIfSecretariat(context: TurnContext): Promise<boolean> {
    const data = context.activity.channelData as { team?: { id?: string; aadGroupId?: string } } | undefined;
    const team = data?.team?.id;
    if (!team || team !== this.deps.config.SECRETARIAT_TEAM_ID) return false;
    const reference = TurnContext.getConversationReference(context.activity);
    // Post new threads into the team's General channel, whose id is the team's id.
    const saved = { ...reference, conversation: { ...reference.conversation, id: team } } as Saved;
    if (data.team?.aadGroupId) saved.aadGroupId = data.team.aadGroupId;
    await this.deps.settings.set(SETTING, saved);
    return true;
  }

  /**
   * A submitted version reaches the channel. The first becomes the practice's card, a thread of its own, whose ids
   * are kept on the record (so every later change redraws it, and the tab links to it); a later version is a reply
   * in that thread (the card atop it is redrawn by its own outbox item, queued with the submission).
   */
  async deliver(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const { reference, version } = item.payload as NotifyPayload;
    const target = await this.target();
    if (!target) throw new NoChannelError();
    const record = await this.deps.practices.get(reference);
    if (!record) throw Object.assign(new Error(`Practice ${reference} not found`), { statusCode: 404 });
    const tx = this.deps.catalog.texts(this.deps.config.SECRETARIAT_LOCALE);
    const options = signal ? { signal } : {};
    const post = record.channelPost;
    // A post with no answer may still have landed: see the note on duplicates in outboxWorker.ts.
    if (post && (version ?? record.version) > 1) {
      const reply = { type: 'message', attachments: [CardFactory.adaptiveCard(versionPostCard(tx, record))] };
      await sendProactive(this.deps.adapter, this.appId(), this.threadOf(post, target), [reply], options);
    } else if (!post) {
      const [id] = await sendProactive(
        this.deps.adapter,
        this.appId(),
        target,
        toActivities([notification(tx, record)], this.deps.catalog),
        options,
      );
      if (id) await this.keepPost(record, target, id);
    }
    // (A first version whose post is already kept was posted by an earlier attempt: not posted again.)
    // Queued before this item is marked delivered: a crash in between repeats the post, never loses the notice.
    if (this.deps.outbox) await queueReachedNotice(this.deps.outbox, record, version ?? record.version, new Date());
  }

  /** Redraws a practice's card in place, for everyone in the channel, from the record as it is now. */
  async updateCard(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const { reference } = item.payload as CardUpdate;
    const record = await this.deps.practices.get(reference);
    // Not posted yet: the post, when it goes, draws the practice as it is then.
    const post = record?.channelPost;
    if (!record || !post) return;
    const tx = this.deps.catalog.texts(this.deps.config.SECRETARIAT_LOCALE);
    const card = { type: 'message', attachments: [CardFactory.adaptiveCard(notificationCard(tx, record))] };
    await updateProactive(
      this.deps.adapter,
      this.appId(),
      this.threadOf(post, await this.target()),
      post.activityId,
      card,
      signal ? { signal } : {},
    );
  }

  private appId(): string {
    return this.deps.config.MicrosoftAppId ?? '';
  }

  /** The practice's thread, as a conversation to post into or update in. */
  private threadOf(post: ChannelPost, target: Saved | undefined): Partial<ConversationReference> {
    const serviceUrl = post.serviceUrl ?? target?.serviceUrl;
    return {
      ...(target ?? {}),
      channelId: 'msteams',
      ...(serviceUrl ? { serviceUrl } : {}),
      conversation: {
        id: post.conversationId,
        isGroup: true,
        conversationType: 'channel',
        name: '',
        ...(target?.conversation?.tenantId ? { tenantId: target.conversation.tenantId } : {}),
      },
    };
  }

  /**
   * Keeps the new thread's ids on the record, read afresh (a reviewer's command may have changed it meanwhile).
   * What changed between the drawing and now is drawn again, so the card never stays behind the record.
   */
  private async keepPost(drawn: PracticeRecord, target: Saved, activityId: string): Promise<void> {
    const fresh = await this.deps.practices.get(drawn.reference);
    if (!fresh) return;
    const channel = target.conversation?.id ?? '';
    const post: ChannelPost = {
      conversationId: `${channel};messageid=${activityId}`,
      activityId,
      channelId: channel,
      ...(target.aadGroupId ? { teamId: target.aadGroupId } : {}),
      ...(target.serviceUrl ? { serviceUrl: target.serviceUrl } : {}),
    };
    await this.deps.practices.put({ ...fresh, channelPost: post });
    if (this.deps.outbox && drawnState(fresh) !== drawnState(drawn))
      await queueCardUpdate(this.deps.outbox, fresh, new Date(), 'other');
  }
}
