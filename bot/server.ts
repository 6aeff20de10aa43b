// HTTP transport: restify with POST /api/messages (botbuilder CloudAdapter) and GET /healthz.
// No business logic here: turns go to NetPilotBot. The edge answers bad input itself, in this order:
// 415 (not uncompressed UTF-8 JSON), 413 (over MAX_ACTIVITY_BYTES), 400 (not JSON / not an object),
// 401 (inbound auth, when on), then 400 (malformed activity) or 400 (unsupported invoke). Transport
// checks come before auth because they say nothing about the bot; the activity's shape is judged
// only after auth, so an unauthenticated caller learns nothing from it. 5xx is for server faults.
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { readJsonBody } from './activity-body.ts';
import { ADAPTIVE_CARD_ACTION_INVOKE, authenticationView, checkActivity } from './activity-schema.ts';
import { clearLanguage } from './commands/parser.ts';
import { messages, replyLocale } from './i18n/index.ts';
import { inTurnSpan } from '../services/telemetry/turn.ts';
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

/** CloudAdapter with an HTTP entry point that maps auth failures to 401, bad activities to 400, and hides internals. */
export class NetPilotAdapter extends CloudAdapter {
  /** Runs one inbound activity (a parsed JSON body); resolves with the HTTP status and body to answer. */
  async processHttp(
    body: unknown,
    authHeader: string,
    logic: (context: TurnContext) => Promise<void>,
    logger: Logger,
  ): Promise<{ status: number; body?: unknown }> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return { status: 400, body: { error: 'expected a Bot Framework activity (JSON object with a type)' } };
    }
    try {
      const authenticated = await this.botFrameworkAuthentication.authenticateRequest(authenticationView(body) as Activity, authHeader);
      const check = checkActivity(body);
      if (check.kind === 'malformed') {
        logger.warn({ problems: check.problems }, 'rejected activity: malformed');
        return { status: 400, body: { error: 'malformed activity', problems: check.problems } };
      }
      if (check.kind === 'unsupported-invoke') {
        logger.info({ name: check.name.slice(0, 100) }, 'rejected activity: unsupported invoke');
        return { status: 400, body: { error: `unsupported invoke "${check.name.slice(0, 100)}": NetPilot answers only ${ADAPTIVE_CARD_ACTION_INVOKE}` } };
      }
      const invokeResponse = await this.processActivity(authenticated, check.activity, logic);
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      if (isAuthFailure(err)) {
        logger.warn({ err }, 'rejected activity: authentication failed');
        return { status: 401, body: { error: 'Unauthorized' } };
      }
      const correlationId = newCorrelationId();
      logger.error({ correlationId, err }, 'activity processing failed');
      return { status: 500, body: { error: 'Internal error', correlationId } };
    }
  }
}

/** How long a client may take to send a whole request (slow senders cannot hold a socket for long). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 20_000;

/** Builds the restify server, adapter and bot; nothing listens until `listen`. */
export function createBotServer(options: BotServerOptions): BotServer {
  const { logger } = options;
  const auth = options.botFrameworkAuthentication ?? createBotFrameworkAuthentication(options.config);
  const adapter = new NetPilotAdapter(auth);
  const bot = new NetPilotBot({ services: options.services, logger, choices: options.choices, appId: options.config.bot.appId ?? '' });
  const started = Date.now();

  adapter.onTurnError = async (context, error) => {
    const correlationId = newCorrelationId();
    const activity = context.activity;
    logger.error(
      {
        correlationId,
        err: error,
        activity: { type: activity?.type, id: activity?.id, conversationId: activity?.conversation?.id, channelId: activity?.channelId },
      },
      'turn failed',
    );
    const text = typeof activity?.text === 'string' ? activity.text : '';
    const locale = replyLocale(clearLanguage(text), activity?.locale);
    try {
      await context.sendActivity({ type: 'message', text: messages(locale).turnError(correlationId) });
    } catch (sendErr) {
      logger.error({ correlationId, err: sendErr }, 'could not tell the user about the failed turn');
    }
  };

  const server = restify.createServer({ name: 'netpilot', handleUncaughtExceptions: false });
  // No body parser plugin: the body is read by readJsonBody (JSON only, capped, never to disk).
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      const read = await readJsonBody(req);
      if (!read.ok) {
        logger.info({ status: read.status, reason: read.error }, 'rejected request body');
        res.json(read.status, { error: read.error });
        return;
      }
      const header = req.headers.authorization;
      const authHeader = typeof header === 'string' ? header : '';
      const result = await inTurnSpan(() => adapter.processHttp(read.value, authHeader, (context) => bot.run(context), logger), (r) => r.status);
      if (result.body === undefined) {
        res.status(result.status);
        res.end();
      } else {
        res.json(result.status, result.body);
      }
    } catch (err) {
      const correlationId = newCorrelationId();
      logger.error({ correlationId, err }, 'request failed');
      if (!res.headersSent) res.json(500, { error: 'Internal error', correlationId });
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
