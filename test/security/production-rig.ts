// Production rules end to end without Azure: NetPilot as `npm start` composes it (startNetPilot) with
// AZURE_SUBSCRIPTION_IDS + NETPILOT_EMULATOR_URL (an emulator this rig owns, its CA in the data dir),
// inbound auth on (MicrosoftAppId/Password) validated against a local JWT rig, and a local connector.
// Attack tests post activities signed or not, then read the emulator's own log (GET /_emulator/log)
// and the store to show that nothing was reached or kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { createLogger } from '../../bot/logger.ts';
import { startNetPilot, type RunningNetPilot } from '../../bot/start.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { loadConfig, type NetPilotConfig } from '../../services/config.ts';
import { createRigAuthentication, startJwtRig, type JwtRig } from '../fakes/jwt-rig.ts';
import { startLocalConnector, type LocalConnector, type Recorded } from '../fakes/local-connector.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

/** The demo fleet's subscription (the one AZURE_SUBSCRIPTION_IDS names). */
export const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
/** The bot's app id (audience of the rig's tokens). */
export const APP_ID = '0b5f3c7e-1d2a-4e8b-9c6f-7a1e2d3c4b5a';
/** The bot's tenant: ALLOWED_TENANTS defaults to it under production rules. */
export const TENANT = '7d3c5a1e-4b2f-4c8e-9a61-3f0e2d9b8c11';
/** A tenant that is not allowed. */
export const OTHER_TENANT = '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b';
/** The bot's Teams id. */
export const BOT_ID = `28:${APP_ID}`;
/** The channel the approvers are in (conversation id of the channel itself). */
export const CHANNEL = '19:ops@thread.tacv2';

/** A Teams user of the tests (Teams user id and Entra object id). */
export interface SecUser { id: string; name: string; aadObjectId?: string }

/** Requester, approver, a viewer and a bystander who holds no role. */
export const PEOPLE = {
  requester: { id: '29:sec-requester', name: 'Requester', aadObjectId: '3c1a0e2f-0000-4000-8000-0000000000a1' },
  approver: { id: '29:sec-approver', name: 'Approver', aadObjectId: '3c1a0e2f-0000-4000-8000-0000000000a2' },
  viewer: { id: '29:sec-viewer', name: 'Viewer', aadObjectId: '3c1a0e2f-0000-4000-8000-0000000000a3' },
  bystander: { id: '29:sec-bystander', name: 'Bystander', aadObjectId: '3c1a0e2f-0000-4000-8000-0000000000a4' },
} as const satisfies Record<string, SecUser>;

/** One entry of the emulator's request log. */
export interface EmulatorLogLine { method: string; path: string; status: number }

/** Where and as whom an activity is sent. */
export interface SendOptions {
  user?: SecUser;
  where?: 'personal' | 'channel';
  tenant?: string;
  channelId?: string;
  /** false = no Authorization header at all (the attacker without a token). */
  signed?: boolean;
  conversationId?: string;
}

/** A running production-rules NetPilot and its surroundings. */
export interface ProductionRig {
  app: RunningNetPilot;
  config: NetPilotConfig;
  emulator: RunningEmulator;
  connector: LocalConnector;
  jwt: JwtRig;
  /** Log lines NetPilot wrote (JSON). */
  logs: string[];
  /** A Teams message activity (mentioning the bot in a channel). */
  message(text: string, options?: SendOptions): Partial<Activity>;
  /** An Action.Execute invoke as `options.user`. */
  invoke(verb: string, data: unknown, options?: SendOptions): Partial<Activity>;
  /** POSTs an activity, signed with the rig's key unless `signed: false`; waits for background posts. */
  post(activity: Partial<Activity>, signed?: boolean): Promise<{ status: number; body: unknown }>;
  /** The bot's message replies to an activity id. */
  repliesTo(activityId: string | undefined): Recorded[];
  /** The emulator's request log as served by GET /_emulator/log. */
  emulatorLog(): Promise<EmulatorLogLine[]>;
  stop(): Promise<void>;
}

let sequence = 0;

/** Starts emulator, JWT rig, connector and NetPilot under production rules; `env` adds settings. */
export async function startProductionRig(env: Record<string, string> = {}): Promise<ProductionRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-security-'));
  // Writes emulator-ca.pem into the data dir, where the backend of NETPILOT_EMULATOR_URL reads it.
  const emulator = await startEmulator({ port: 0, speed: 2000, dataDir });
  // The published key is endorsed for webchat too, so the channel gate (not token validation) is what refuses it.
  const jwt = await startJwtRig({ appId: APP_ID, endorsements: ['msteams', 'webchat'] });
  const connector = await startLocalConnector({
    members: [
      ...Object.values(PEOPLE).map((u): Record<string, unknown> => ({ id: u.id, name: u.name, objectId: u.aadObjectId })),
      { id: BOT_ID, name: 'NetPilot' },
    ],
  });
  const config = loadConfig({
    NETPILOT_DATA_DIR: dataDir,
    NETPILOT_EMULATOR_URL: emulator.url,
    AZURE_SUBSCRIPTION_IDS: SUB,
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TENANT,
    APPROVERS: PEOPLE.approver.aadObjectId,
    NETPILOT_POLL_SECONDS: '1',
    ...env,
  }, { cwd: dataDir });
  const logs: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({ write: (chunk: Buffer, _e, cb) => { logs.push(chunk.toString('utf8')); cb(); } }),
  });
  let app: RunningNetPilot;
  try {
    app = await startNetPilot(config, { logger, port: 0, cwd: dataDir, botFrameworkAuthentication: createRigAuthentication(jwt) });
  } catch (err) {
    await Promise.allSettled([connector.stop(), jwt.stop(), emulator.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  const base = (text: string, options: SendOptions): Partial<Activity> => {
    sequence += 1;
    const user = options.user ?? PEOPLE.requester;
    const where = options.where ?? 'channel';
    const tenant = options.tenant ?? TENANT;
    const conversationId = options.conversationId ?? (where === 'channel' ? `${CHANNEL};messageid=17000000${sequence}` : `a:personal-${user.id}`);
    const mention = where === 'channel';
    return {
      type: 'message',
      id: `sec-${sequence}`,
      channelId: options.channelId ?? 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date(),
      locale: 'en-US',
      from: { id: user.id, name: user.name, ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) },
      recipient: { id: BOT_ID, name: 'NetPilot' },
      text: mention ? `<at>NetPilot</at> ${text}` : text,
      entities: mention ? [{ type: 'mention', mentioned: { id: BOT_ID, name: 'NetPilot' }, text: '<at>NetPilot</at>' }] : [],
      conversation: { id: conversationId, conversationType: where, isGroup: where !== 'personal', name: '', tenantId: tenant },
      channelData: { tenant: { id: tenant }, ...(where === 'channel' ? { channel: { id: CHANNEL }, team: { id: '19:team@thread.tacv2' } } : {}) },
    };
  };

  return {
    get app() { return app; },
    config, emulator, connector, jwt, logs,
    message: (text, options = {}) => base(text, options),
    invoke(verb, data, options = {}) {
      return {
        ...base('', options), type: 'invoke', name: 'adaptiveCard/action', text: undefined, entities: [], replyToId: 'card-activity',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      };
    },
    async post(activity, signed = true) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (signed) headers.authorization = `Bearer ${jwt.sign(connector.url)}`;
      const res = await fetch(`${app.botUrl}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
      const text = await res.text();
      await app.desk.idle();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    repliesTo: (activityId) => connector.activities.filter((r) => r.replyToId === activityId && r.body?.type === 'message'),
    emulatorLog: () => new Promise((resolve, reject) => {
      httpsGet(`${emulator.url}/_emulator/log`, { ca: emulator.caPem }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { body += c; });
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as EmulatorLogLine[]);
          } catch (err) {
            reject(err as Error);
          }
        });
      }).on('error', reject);
    }),
    async stop() {
      await app.stop();
      await connector.stop();
      await jwt.stop();
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Text of a reply (message text, or the texts of its card). */
export function replyText(r: Recorded | undefined): string {
  if (!r?.body) return '';
  return `${String(r.body.text ?? '')} ${JSON.stringify(r.body.attachments ?? [])}`;
}

/** One production rig for the whole describe block (started in beforeAll, stopped in afterAll). */
export function useProductionRig(env: Record<string, string> = {}): ProductionRig {
  return sharedFixture(() => startProductionRig(env));
}
