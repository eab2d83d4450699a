import type { Middleware, TurnContext } from 'botbuilder';
import { officialFrom } from '../../dialogs/official.js';

/**
 * A token bucket per official: a burst of pasted answers is fine, a script hammering the bot is slowed with a
 * polite message rather than an error. Buckets of officials idle long enough to be full again are dropped.
 */
export function rateLimit(perMinute: number, slowDown: (context: TurnContext) => string, clock: () => number = Date.now): Middleware {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  let lastSweep = clock();
  return {
    async onTurn(context, next) {
      if (context.activity.type !== 'message') return next();
      const now = clock();
      if (now - lastSweep > 60_000) {
        for (const [k, b] of buckets) if (b.tokens + (now - b.at) * refillPerMs >= perMinute) buckets.delete(k);
        lastSweep = now;
      }
      const key = officialFrom(context.activity).id;
      const b = buckets.get(key) ?? { tokens: perMinute, at: now };
      b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * refillPerMs);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens < 1) {
        // Only the first refusal in a row is answered, so the refusals do not themselves flood the chat.
        if (b.tokens > 0) await context.sendActivity(slowDown(context));
        b.tokens -= 1;
        return;
      }
      b.tokens -= 1;
      await next();
    },
  };
}
