/**
 * Preloaded with `node --import tsx --import ./test/support/gate.ts bot/index.ts` to keep a restarted bot
 * ready: it loads the modules bot/index.ts imports (botbuilder alone takes seconds on a busy machine), then
 * holds the program until a line arrives on stdin. Nothing of the bot runs and nothing touches DATA_DIR
 * before that line; after it, bot/index.ts starts exactly as `npm start` does, from the module cache.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const entry = new URL('../../bot/index.ts', import.meta.url);
const specifiers = [...readFileSync(entry, 'utf8').matchAll(/^import[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
  (m) => m[1]!,
);
for (const s of specifiers) {
  // Relative imports resolve against bot/; a module that moved is simply loaded later, by the bot itself.
  await import(s.startsWith('.') ? new URL(s, entry).href : s).catch(() => undefined);
}
process.stdout.write(`${JSON.stringify({ msg: 'gate-ready', pid: process.pid })}\n`);
await new Promise<void>((go) => {
  const lines = createInterface({ input: process.stdin });
  let going = false;
  lines.once('line', () => {
    going = true;
    lines.close();
    process.stdin.destroy();
    go();
  });
  // The test that kept this process in reserve is gone (killed, or mocha's --exit): do not linger.
  lines.once('close', () => {
    if (!going) process.exit(0);
  });
});
