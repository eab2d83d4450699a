import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';

/** One kind of Action.Execute, by the `mesicic` value of its data: answers with the card that replaces the pressed one. */
export type ExecuteKind = (context: TurnContext, data: Record<string, unknown>) => Promise<AdaptiveCardInvokeResponse>;

export const cardResponse = (card: Record<string, unknown>): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card,
});

/** A short message Teams shows the one who pressed, the card left as it was. */
export const messageResponse = (text: string): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: text as unknown as Record<string, unknown>, // Teams takes the message's text as the value (the SDK types it as an object).
});

/** Routes Universal Actions (adaptiveCard/action) to the kind named in their data; holds no logic of its own. */
export function routeExecutes(kinds: Record<string, ExecuteKind>, unknown: (context: TurnContext) => string) {
  return async (context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> => {
    const data: Record<string, unknown> = value.action?.data ?? {};
    const kind = typeof data.mesicic === 'string' && Object.hasOwn(kinds, data.mesicic) ? data.mesicic : undefined;
    return kind ? kinds[kind]!(context, data) : messageResponse(unknown(context));
  };
}
