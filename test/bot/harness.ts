// Test harness: the real bot server (CloudAdapter over restify), the emulator in-process through
// openBackend, the SQLite store, and a local connector that records what the bot sends.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { CARD_KIT } from '../../bot/card-kit.ts';
import { createLogger, type Logger } from '../../bot/logger.ts';
import type { BotServices } from '../../bot/ports.ts';
import { createBotServer, type BotServer, type BotFrameworkAuthentication } from '../../bot/server.ts';
import { DEMO_FLEET_PATH, startEmulator } from '../../emulator/index.ts';
import { openBackend, type Backend } from '../../services/azure/backend.ts';
import { loadConfig, type NetPilotConfig } from '../../services/config.ts';
import { runPreflight } from '../../services/preflight/run-preflight.ts';
import { openStore } from '../../services/store/index.ts';
import type { Store } from '../../services/store/types.ts';
import { startLocalConnector, type LocalConnector, type Recorded } from '../fakes/local-connector.ts';

/** The bot's id as the connector addresses it. */
export const BOT_ID = '28:netpilot-test';

/** A running bot with everything behind it. */
export interface Harness {
  botUrl: string;
  connector: LocalConnector;
  config: NetPilotConfig;
  store: Store;
  backend: Backend;
  bot: BotServer;
  services: BotServices;
  dataDir: string;
  /** Log lines written by the bot (JSON strings). */
  logs: string[];
  /** POSTs one activity to /api/messages. */
  post(activity: Partial<Activity>, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** Sends a message and returns the bot's message replies to it. */
  say(text: string, options?: MessageOptions): Promise<{ status: number; replies: Recorded[]; typing: Recorded[]; id: string }>;
  /** Restarts only the store (close + open the same directory). */
  reopenStore(): Store;
  stop(): Promise<void>;
}

/** Where and how a test message is sent. */
export interface MessageOptions {
  conversation?: 'personal' | 'groupChat' | 'channel';
  conversationId?: string;
  locale?: string;
  mention?: boolean;
}

let sequence = 0;

/** A Teams-like message activity. */
export function messageActivity(text: string, serviceUrl: string, options: MessageOptions = {}): Partial<Activity> {
  sequence += 1;
  const id = `msg-${sequence}`;
  const type = options.conversation ?? 'personal';
  const mention = options.mention ?? type !== 'personal';
  const activity: Partial<Activity> = {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date(),
    locale: options.locale ?? 'en-US',
    from: { id: '29:user-1', name: 'Requester', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
    recipient: { id: BOT_ID, name: 'NetPilot' },
    text: mention ? `<at>NetPilot</at> ${text}` : text,
    entities: mention
      ? [{ type: 'mention', mentioned: { id: BOT_ID, name: 'NetPilot' }, text: '<at>NetPilot</at>' }]
      : [],
    conversation: {
      id: options.conversationId ?? (type === 'channel' ? '19:general@thread.tacv2;messageid=1700000000000' : type === 'groupChat' ? '19:group@thread.v2' : 'a:personal-1'),
      conversationType: type,
      isGroup: type !== 'personal',
      name: '',
      tenantId: '00000000-0000-0000-0000-00000000aaaa',
    },
    channelData: {
      tenant: { id: '00000000-0000-0000-0000-00000000aaaa' },
      ...(type === 'channel' ? { channel: { id: '19:general@thread.tacv2' }, team: { id: '19:team@thread.tacv2' } } : {}),
    },
  };
  return activity;
}

/** The demo fleet plus a copy of aks-kubenet in rg-other (so "aks-kubenet" is ambiguous). */
export function writeTestFleet(dir: string): string {
  const fleet = JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')) as { clusters: { cluster: { id?: string; name?: string } }[] };
  const kubenet = fleet.clusters.find((c) => /managedClusters\/aks-kubenet$/i.test(c.cluster.id ?? ''));
  if (!kubenet) throw new Error('demo fleet has no aks-kubenet');
  const copy = JSON.parse(JSON.stringify(kubenet).replace(/\/resourceGroups\/rg-demo\//gi, '/resourceGroups/rg-other/')) as typeof kubenet;
  fleet.clusters.push(copy);
  const path = join(dir, 'fleet.json');
  writeFileSync(path, JSON.stringify(fleet));
  return path;
}

/** Starts everything; `wrapServices` lets a test replace parts (e.g. a failing directory, or one over
 * `backend.clients` with a narrower subscription scope). */
export async function startHarness(options: {
  wrapServices?: (s: BotServices, backend: Backend) => BotServices;
  env?: Record<string, string>;
  botFrameworkAuthentication?: BotFrameworkAuthentication;
  /** Data directory to run on (e.g. a second bot on the store of a stopped one); kept at stop. */
  dataDir?: string;
} = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'netpilot-bot-'));
  const fleet = writeTestFleet(dataDir);
  const config = loadConfig({
    NETPILOT_DATA_DIR: dataDir,
    NETPILOT_FLEET: fleet,
    NETPILOT_PLAYGROUND: '0',
    NETPILOT_EMULATOR_SPEED: '1000',
    ...options.env,
  }, { cwd: dataDir });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger: Logger = createLogger({ level: 'debug', destination });
  let store = openStore(config.dataDir);
  const backend = await openBackend(config, startEmulator, logger);
  const connector = await startLocalConnector();
  const base: BotServices = {
    directory: backend.directory,
    runPreflight,
    get conversations() {
      return store.conversations;
    },
    get settings() {
      return store.settings;
    },
    cards: CARD_KIT,
  };
  const services = options.wrapServices ? options.wrapServices(base, backend) : base;
  const bot = createBotServer({ config, services, logger, botFrameworkAuthentication: options.botFrameworkAuthentication });
  const { url } = await bot.listen(0);

  const post: Harness['post'] = async (activity, headers = {}) => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  };

  return {
    botUrl: url,
    connector,
    config,
    get store() {
      return store;
    },
    backend,
    bot,
    services,
    dataDir,
    logs,
    post,
    async say(text, opts = {}) {
      const activity = messageActivity(text, connector.url, opts);
      const { status } = await post(activity);
      const mine = connector.activities.filter((a) => a.replyToId === activity.id);
      return {
        status,
        id: activity.id ?? '',
        replies: mine.filter((a) => a.body?.type === 'message'),
        typing: mine.filter((a) => a.body?.type === 'typing'),
      };
    },
    reopenStore() {
      store.close();
      store = openStore(config.dataDir);
      return store;
    },
    async stop() {
      await bot.close();
      await connector.stop();
      await backend.close();
      store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Adaptive Card of a recorded reply, if it carries one. */
export function cardOf(r: Recorded): Record<string, unknown> | undefined {
  const attachments = r.body?.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

export { cardText } from '../fakes/card-text.ts';
