// The anchor of the turn benchmark: a bare botbuilder echo bot (restify + CloudAdapter, as in the
// botbuilder samples) with the same Bot Framework authentication NetPilot builds from its config.
import type { AddressInfo } from 'node:net';
import { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { createBotFrameworkAuthentication } from '../bot/server.ts';
import type { BotConfig } from '../bot/ports.ts';

/** A running echo bot. */
export interface EchoBot { url: string; stop(): Promise<void> }

/** Starts the echo bot on 127.0.0.1 (ephemeral port). */
export async function startEchoBot(config: BotConfig): Promise<EchoBot> {
  const adapter = new CloudAdapter(createBotFrameworkAuthentication(config));
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context) => {
      if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.server.closeAllConnections?.();
    }),
  };
}
