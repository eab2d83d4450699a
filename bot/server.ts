import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { checkInbound } from './guards/inbound.js';

export interface ServerOptions {
  adapter: CloudAdapter;
  run: (context: TurnContext) => Promise<void>;
  /** `problems`: short, fixed reasons the bot cannot do its job (no internal error text); empty when healthy. */
  health: () => Promise<{ problems: string[] } & Record<string, unknown>>;
}

/** restify with the Bot Framework endpoint and a health check. */
export function createServer(deps: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'mesicic-bot', handleUncaughtExceptions: false });
  // Teams posts are ~28 KB at most; 1 MB leaves room for cards and attachments while refusing floods.
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    const checked = checkInbound(req.body);
    if (!checked.ok) {
      res.send(400, { error: 'Invalid activity', problems: checked.problems });
      return;
    }
    await deps.adapter.process(req, res, deps.run);
  });
  // A load balancer or a monitor reads the status code: 503 whenever saving or notifying cannot go on.
  server.get('/health', async (_req, res) => {
    try {
      const h = await deps.health();
      res.send(h.problems.length > 0 ? 503 : 200, { status: h.problems.length > 0 ? 'degraded' : 'ok', ...h });
    } catch {
      res.send(503, { status: 'degraded', problems: ['health check failed'] });
    }
  });
  return server;
}
