// HTTP transport: restify with POST /api/messages (botbuilder CloudAdapter) and GET /healthz.
// No business logic here: turns go to NetPilotBot; auth failures become 401, never 500.
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { parseCommand } from './commands/parser.ts';
import { messages, replyLocale } from './i18n/index.ts';
import { newCorrelationId, type Logger } from './logger.ts';
import type { BotConfig, BotServices } from './ports.ts';
import { NetPilotBot } from './teams-bot.ts';
import type { PendingChoices } from './actions/pending-choices.ts';

/** botbuilder's authentication abstraction (botframework-connector's type, not re-exported by botbuilder). */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** Options of createBotServer; `botFrameworkAuthentication` overrides the one built from config (tests). */
export interface BotServerOptions {
  config: BotConfig;
  services: BotServices;
  logger: Logger;
  botFrameworkAuthentication?: BotFrameworkAuthentication;
  choices?: PendingChoices;
  /** Extra fields for GET /healthz. */
  health?: () => Record<string, unknown>;
}

/** A bot server that is not listening yet. */
export interface BotServer {
  server: restify.Server;
  adapter: NetPilotAdapter;
  bot: NetPilotBot;
  /** Starts listening (port 0 = ephemeral); resolves with the base URL. */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

/** The Bot Framework settings (standard names) from the validated config; never from process.env. */
export function botFrameworkSettings(config: BotConfig): Record<string, string> {
  const settings: Record<string, string> = { MicrosoftAppType: config.bot.appType };
  if (config.bot.appId) settings.MicrosoftAppId = config.bot.appId;
  if (config.bot.appPassword) settings.MicrosoftAppPassword = config.bot.appPassword;
  if (config.bot.appTenantId) settings.MicrosoftAppTenantId = config.bot.appTenantId;
  return settings;
}

/** Inbound and outbound auth from config: on whenever an app id is set; MultiTenant, SingleTenant, UserAssignedMSI. */
export function createBotFrameworkAuthentication(config: BotConfig): BotFrameworkAuthentication {
  const settings = botFrameworkSettings(config);
  return new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings));
}

const AUTH_ERROR_NAMES = new Set(['AuthenticationError', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** True for failures of inbound token validation (botbuilder and jsonwebtoken errors). */
export function isAuthFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = (err as Error & { statusCode?: unknown }).statusCode;
  if (status === 401 || status === 403) return true;
  return AUTH_ERROR_NAMES.has(err.name) || AUTH_ERROR_NAMES.has(err.constructor.name);
}

/** Fields of an error safe to log (no request objects, which may carry authorization headers). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  return { name: e.name, message: e.message, stack: e.stack, code: e.code, statusCode: e.statusCode };
}

/** CloudAdapter with an HTTP entry point that maps auth failures to 401 and hides internals. */
export class NetPilotAdapter extends CloudAdapter {
  /** Runs one inbound activity; resolves with the HTTP status and body to answer. */
  async processHttp(
    body: unknown,
    authHeader: string,
    logic: (context: TurnContext) => Promise<void>,
    logger: Logger,
  ): Promise<{ status: number; body?: unknown }> {
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      return { status: 400, body: { error: 'expected a Bot Framework activity (JSON object with a type)' } };
    }
    try {
      const invokeResponse = await this.processActivity(authHeader, body as Activity, logic);
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      if (isAuthFailure(err)) {
        logger.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'rejected activity: authentication failed');
        return { status: 401, body: { error: 'Unauthorized' } };
      }
      const correlationId = newCorrelationId();
      logger.error({ correlationId, err: errorFields(err) }, 'activity processing failed');
      return { status: 500, body: { error: 'Internal error', correlationId } };
    }
  }
}

/** Builds the restify server, adapter and bot; nothing listens until `listen`. */
export function createBotServer(options: BotServerOptions): BotServer {
  const { logger } = options;
  const auth = options.botFrameworkAuthentication ?? createBotFrameworkAuthentication(options.config);
  const adapter = new NetPilotAdapter(auth);
  const bot = new NetPilotBot({ services: options.services, logger, choices: options.choices });
  const started = Date.now();

  adapter.onTurnError = async (context, error) => {
    const correlationId = newCorrelationId();
    const activity = context.activity;
    logger.error(
      {
        correlationId,
        err: errorFields(error),
        activity: { type: activity?.type, id: activity?.id, conversationId: activity?.conversation?.id, channelId: activity?.channelId },
      },
      'turn failed',
    );
    const text = typeof activity?.text === 'string' ? activity.text : '';
    const locale = replyLocale(parseCommand(text).language, activity?.locale);
    try {
      await context.sendActivity({ type: 'message', text: messages(locale).turnError(correlationId) });
    } catch (sendErr) {
      logger.error({ correlationId, err: errorFields(sendErr) }, 'could not tell the user about the failed turn');
    }
  };

  const server = restify.createServer({ name: 'netpilot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 2 * 1024 * 1024, mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const header = req.headers.authorization;
    const authHeader = typeof header === 'string' ? header : '';
    const result = await adapter.processHttp(req.body, authHeader, (context) => bot.run(context), logger);
    if (result.body === undefined) {
      res.status(result.status);
      res.end();
    } else {
      res.json(result.status, result.body);
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.json(200, { status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000), ...(options.health?.() ?? {}) });
  });

  return {
    server,
    adapter,
    bot,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.server.closeAllConnections?.();
      });
    },
  };
}
