/**
 * One bot under test, in its own process so that its memory and CPU are its own and the load generator does
 * not share its event loop. run.ts transpiles this file into the folder where it built the bot, so that
 * `../../bot/index.js` below is the compiled bot and the child runs on plain node as `npm start` does (it also
 * forks it from source through tsx once, to compare start-ups). The echo bot never loads the bot's modules, so
 * its start-up is that of the bare stack. Started with fork(); speaks over the IPC channel:
 *   child -> parent  { type: 'ready', url }  once listening (or { type: 'failed', message })
 *   parent -> child  { type: 'stats' }       answered with { type: 'stats', ... } (see ChildStats)
 *   parent -> child  { type: 'stop' }        closes the server and exits
 */
import pino from 'pino';
import { startEchoBot } from './echoBot.js';
import {
  SECRETARIAT_CHANNEL,
  type ChildMessage,
  type ChildOptions,
  type ChildStats,
  type ParentMessage,
} from './protocol.js';

async function start(o: ChildOptions): Promise<{ url: string; close(): Promise<void> }> {
  if (o.kind === 'echo') return startEchoBot();
  if (!o.dataDir || !o.connectorUrl) throw new Error('the bot needs dataDir and connectorUrl');
  const { main } = await import('../../bot/index.js');
  return main(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: o.dataDir,
      LOG_LEVEL: 'silent',
      SECRETARIAT_CHANNEL_ID: SECRETARIAT_CHANNEL,
      SECRETARIAT_SERVICE_URL: o.connectorUrl,
      // The simulated officials type far faster than people (21 messages in a few seconds, round after round);
      // the per-official limiter still runs on every turn, it just never refuses one.
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATA_FSYNC: o.fsync === false ? 'false' : 'true',
    },
    pino({ level: 'silent' }),
  );
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

function stats(): ChildStats {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    type: 'stats',
    rss: mem.rss,
    peakRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: mem.heapUsed,
    cpuUser: cpu.user,
    cpuSystem: cpu.system,
  };
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
start(options)
  .then((running) => {
    process.on('message', (m: ParentMessage) => {
      if (m.type === 'stats') {
        if (m.gc) (globalThis as { gc?: () => void }).gc?.();
        send(stats());
      }
      if (m.type === 'stop') {
        setTimeout(() => process.exit(0), 3_000).unref();
        void running.close().finally(() => process.exit(0));
      }
    });
    // Exit with the parent, however it ends.
    process.on('disconnect', () => process.exit(0));
    send({ type: 'ready', url: running.url });
  })
  .catch((err: unknown) => {
    send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  });
