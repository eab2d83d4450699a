/** The welcome (the official's drafts and how to go on): live until the official moves on. */
export const HOME_STEP = 'home';

/** The card a conversation was last sent that still has inputs and buttons, and the step it asks. */
export interface LiveCard {
  id: string;
  step: string;
}

/**
 * The last live card per conversation, in this instance's memory (bounded, oldest dropped): when the official
 * answers by typing, or the bot moves on, that card is redrawn without its inputs. On another instance, or after
 * a restart, the card simply stays as it was; its buttons then get "this step is already done".
 */
export class LiveCards {
  private readonly cards = new Map<string, LiveCard>();

  constructor(private readonly max = 10_000) {}

  /** The conversation's live card, which is no longer remembered (put it back with `set` if it stays live). */
  take(conversationId: string): LiveCard | undefined {
    const card = this.cards.get(conversationId);
    this.cards.delete(conversationId);
    return card;
  }

  set(conversationId: string, card: LiveCard): void {
    this.cards.delete(conversationId);
    this.cards.set(conversationId, card);
    if (this.cards.size > this.max) this.cards.delete(this.cards.keys().next().value!);
  }
}
