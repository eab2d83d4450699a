import type { Middleware, TurnContext } from 'botbuilder';

/**
 * Channels redeliver an activity when our answer was slow; handling it twice would take one answer for two
 * fields. Remembers the last few thousand activity ids (per process) and drops repeats.
 */
export function dropRedeliveries(capacity = 5000): Middleware {
  const seen = new Set<string>();
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const { id, type, conversation } = context.activity;
      if (id && type === 'message') {
        const key = `${conversation?.id ?? ''}|${id}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (seen.size > capacity) seen.delete(seen.values().next().value as string);
      }
      await next();
    },
  };
}
