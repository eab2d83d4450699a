import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { checkInbound } from './guards/inbound.js';

export interface ServerOptions {
  adapter: CloudAdapter;
  run: (context: TurnContext) => Promise<void>;
  health: () => Promise<Record<string, unknown>>;
}

/** restify with the Bot Framework endpoint and a health check. */
export function createServer(o: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'mesicic-bot', handleUncaughtExceptions: false });
  // Teams posts are ~28 KB at most; 1 MB leaves room for cards and attachments while refusing floods.
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    const checked = checkInbound(req.body);
    if (!checked.ok) {
      res.send(400, { error: 'Invalid activity', problems: checked.problems });
      return;
    }
    await o.adapter.process(req, res, o.run);
  });
  server.get('/health', async (_req, res) => {
    res.json({ status: 'ok', ...(await o.health()) });
  });
  return server;
}
