import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { ConnectorStandIn } from './connector.js';

export interface Running {
  bot: RunningBot;
  connector: ConnectorStandIn;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The real bot (composition root) on a fresh data folder, with a connector stand-in, the outbox polling fast,
 * and silent logs. `env` may use the stand-in's address (for the Secretariat channel).
 */
export async function startBot(env: (connectorUrl: string) => Record<string, string> = () => ({})): Promise<Running> {
  const connector = await new ConnectorStandIn().start();
  const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-bot-'));
  const bot = await main(
    { PORT: '0', DATA_DIR: dataDir, OUTBOX_POLL_MS: '50', OUTBOX_BASE_DELAY_MS: '50', ...env(connector.url) },
    pino({ level: 'silent' }),
  );
  return {
    bot,
    connector,
    dataDir,
    async stop() {
      await bot.close();
      await connector.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
