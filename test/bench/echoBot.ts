import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

/**
 * The baseline: the same stack as the real bot (restify 11 with the same body parser, CloudAdapter with
 * anonymous authentication) and nothing else. No state, no storage, no dialog: it sends the text back.
 */
export async function startEchoBot(port = 0, host = '127.0.0.1'): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
  const logic = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === 'message') await context.sendActivity(context.activity.text ?? '');
  };
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });
  await new Promise<void>((ok) => {
    server.listen(port, host, ok);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
      }),
  };
}
