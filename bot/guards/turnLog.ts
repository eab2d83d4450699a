import { randomUUID } from 'node:crypto';
import type { Middleware } from 'botbuilder';
import type { Logger } from 'pino';

/**
 * One log line per turn with a request id, the activity type and how long it took. Never the text of a
 * message, an answer, a token or a secret: officials' drafts are not for the operators' logs.
 */
export function logTurns(logger: Logger): Middleware {
  return {
    async onTurn(context, next) {
      const started = performance.now();
      const a = context.activity;
      const log = logger.child({ requestId: randomUUID(), activityId: a.id, type: a.type, channel: a.channelId });
      context.turnState.set('logger', log);
      try {
        await next();
        log.info({ ms: Math.round(performance.now() - started), textLength: a.text?.length ?? 0 }, 'turn');
      } catch (err) {
        log.error({ ms: Math.round(performance.now() - started), err: { name: (err as Error).name } }, 'turn failed');
        throw err;
      }
    },
  };
}
