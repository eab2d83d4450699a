/**
 * One bot for the storage section of the bench (storage.ts): `main()` with the environment given as argv[2],
 * logs silent. Run from source through tsx, or transpiled next to the compiled bot as child.ts is (then
 * `../../bot/index.js` is the compiled bot). Speaks over the IPC channel:
 *   child -> parent  { type: 'ready', url }  once listening (or { type: 'failed', message })
 *   parent -> child  { type: 'stop' }        closes the bot and exits
 */
import pino from 'pino';

const send = (message: { type: 'ready'; url: string } | { type: 'failed'; message: string }) => process.send?.(message);

try {
  const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  const { main } = await import('../../bot/index.js');
  const running = await main(env, pino({ level: 'silent' }));
  process.on('message', (m: { type?: string }) => {
    if (m.type !== 'stop') return;
    setTimeout(() => process.exit(0), 3_000).unref();
    void running.close().finally(() => process.exit(0));
  });
  // Exit with the parent, however it ends.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: running.url });
} catch (err) {
  send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
}
