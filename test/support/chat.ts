import { TestAdapter, type Activity, type Middleware } from 'botbuilder';
import { officialsHandler } from '../../bot/handlers/officials.js';
import type { FormEngine } from '../../dialogs/core/engine.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { visibleText } from './visible.js';

export interface ChatOptions {
  aad: string;
  name?: string;
  locale?: string;
  /** A different conversation id stands for another device or chat of the same official. */
  conversation?: string;
}

/** One official talking to the real practice turn through botbuilder's TestAdapter, as Teams would send it. */
export class Chat {
  readonly adapter: TestAdapter;

  /** The last message the bot sent, card included (for clicking its buttons). */
  last: Partial<Activity> | undefined;
  readonly updates: Partial<Activity>[] = [];

  constructor(w: { engine: FormEngine; catalog: Catalog }, options: ChatOptions) {
    const teams: Partial<Activity> = {
      channelId: 'msteams',
      locale: options.locale ?? 'es-MX',
      from: { id: `29:${options.aad}`, name: options.name ?? 'Official', aadObjectId: options.aad },
      conversation: {
        id: options.conversation ?? `a:${options.aad}`,
        conversationType: 'personal',
        isGroup: false,
        name: '',
      },
      channelData: { tenant: { id: 'tenant-1' } },
    };
    // Stamps every test message with what Teams puts on a real one: AAD object id, tenant, locale, conversation.
    const asTeams: Middleware = {
      onTurn: async (context, next) => {
        Object.assign(context.activity, teams);
        context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
          this.updates.push(activity);
          return nextUpdate();
        });
        await next();
      },
    };
    this.adapter = new TestAdapter(officialsHandler(w.engine, w.catalog), { channelId: 'msteams' }).use(asTeams);
  }

  /** Sends one message and returns the bot's single reply text (the dialog answers every message with one). */
  async say(text: string): Promise<string> {
    return this.send(text, text);
  }

  /** Presses a card button: a message whose value is the button's data (plus the inputs), as Teams sends it. */
  async click(data: Record<string, unknown>, cardId = this.last?.id ?? 'card-1'): Promise<string> {
    return this.send({ type: 'message', value: data, replyToId: cardId }, JSON.stringify(data));
  }

  private async send(activity: string | Partial<Activity>, what: string): Promise<string> {
    await this.adapter.receiveActivity(activity);
    const reply = this.adapter.activeQueue.shift();
    if (!reply) throw new Error(`No reply to ${JSON.stringify(what.slice(0, 60))}`);
    const extra = this.adapter.activeQueue.shift();
    if (extra) throw new Error(`More than one reply to ${JSON.stringify(what.slice(0, 60))}`);
    this.last = { ...reply, id: reply.id ?? `card-${Math.random()}` };
    return visibleText(reply);
  }

  /** Plays a conversation written as a step table: what the official says, and what the reply must contain. */
  async play(steps: ReadonlyArray<readonly [string, RegExp | string]>): Promise<void> {
    for (const [said, expected] of steps) {
      const reply = await this.say(said);
      const ok = typeof expected === 'string' ? reply.includes(expected) : expected.test(reply);
      if (!ok)
        throw new Error(
          `After ${JSON.stringify(said.slice(0, 60))} expected ${String(expected)} but the bot said:\n${reply}`,
        );
    }
  }
}
