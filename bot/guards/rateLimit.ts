import type { Middleware, TurnContext } from 'botbuilder';
import { baseLocale, type Locale } from '../../dialogs/core/normalize.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { officialFrom } from '../../dialogs/teams/official.js';

export interface RateLimitOptions {
  catalog: Catalog;
  /** An official's own choice of language (the language command) wins over the Teams locale, as in the form. */
  profiles?: { get(id: string): Promise<{ locale?: Locale }> };
  clock?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Told of the wait since the last message that went through. */
  told: boolean;
}

/**
 * A token bucket per official: a burst of pasted answers is fine, a script hammering the bot is slowed with a
 * polite message rather than an error. A refused message costs nothing, so the wait never grows however many
 * more arrive, and the official is told once per run of refusals, in their language, when they can go on.
 * Buckets of officials idle long enough to be full again are dropped.
 */
export function rateLimit(perMinute: number, deps: RateLimitOptions): Middleware {
  const clock = deps.clock ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  let lastSweep = clock();

  const localeOf = async (context: TurnContext, id: string): Promise<Locale> => {
    try {
      const chosen = (await deps.profiles?.get(id))?.locale;
      if (chosen) return chosen;
    } catch {
      // The notice must not fail over a profile read; the Teams locale is the next best guess.
    }
    return baseLocale(context.activity.locale);
  };

  return {
    async onTurn(context, next) {
      if (context.activity.type !== 'message') return next();
      const now = clock();
      if (now - lastSweep > 60_000) {
        for (const [k, b] of buckets) if (b.tokens + (now - b.at) * refillPerMs >= perMinute) buckets.delete(k);
        lastSweep = now;
      }
      const key = officialFrom(context.activity).id;
      const b = buckets.get(key) ?? { tokens: perMinute, at: now, told: false };
      b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * refillPerMs);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        b.told = false;
        return next();
      }
      if (b.told) return;
      b.told = true;
      // At least 2: the texts say "seconds", and "about 2" is still honest when the wait is one.
      const seconds = Math.max(2, Math.ceil((1 - b.tokens) / refillPerMs / 1000));
      await context.sendActivity(deps.catalog.texts(await localeOf(context, key)).t('errors.slowDown', { seconds }));
    },
  };
}
