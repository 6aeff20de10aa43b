// Harness of the approval tests: the real composition root (startNetPilot) against an emulator the
// test owns (so it survives a bot restart and its request log can be counted), a local connector
// with a two-person roster, and helpers to send messages and card actions as either user.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { createLogger } from '../../../bot/logger.ts';
import { startNetPilot, type RunningNetPilot } from '../../../bot/start.ts';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.ts';
import { loadConfig } from '../../../services/config.ts';
import { startLocalConnector, type LocalConnector, type Recorded } from '../../fakes/local-connector.ts';
import { cardOf, messageActivity, type MessageOptions } from '../harness.ts';

/** A Teams user of the tests. */
export interface TestUser { id: string; name: string; aadObjectId: string }

/** The requester, the approver and a bystander (distinct Teams and Entra ids). */
export const USERS = {
  requester: { id: '29:user-1', name: 'Requester', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
  approver: { id: '29:user-2', name: 'Approver', aadObjectId: '00000000-0000-0000-0000-0000000000a2' },
  bystander: { id: '29:user-3', name: 'Bystander', aadObjectId: '00000000-0000-0000-0000-0000000000a3' },
} as const satisfies Record<string, TestUser>;

/** A settable clock (expiry tests move it). */
export interface TestClock { now(): Date; advanceMinutes(n: number): void }

/** Everything one approval test needs. */
export interface ApprovalRig {
  app: RunningNetPilot;
  emulator: RunningEmulator;
  connector: LocalConnector;
  clock: TestClock;
  dataDir: string;
  /** Sends a message as `user` (default the requester); returns the bot's replies to it. */
  say(text: string, options?: MessageOptions & { user?: TestUser }): Promise<{ status: number; replies: Recorded[] }>;
  /** Sends an Action.Execute invoke; returns the invoke response's card (if any) and the raw body. */
  click(verb: string, data: unknown, options?: MessageOptions & { user?: TestUser; replyToId?: string }):
    Promise<{ status: number; body: { statusCode?: number; type?: string; value?: unknown } | undefined; card?: Record<string, unknown> }>;
  /** Successful PUTs and all PUTs the emulator served for a cluster. */
  puts(cluster: string): { all: number; accepted: number };
  /** Restarts the bot (not the emulator) on the same data directory; `between` runs while it is down. */
  restart(between?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts emulator, connector and NetPilot; `env` adds configuration (APPROVERS, BOT_EXECUTE, ...);
 * `options.fleet` replaces the demo fleet (a parsed fleet file), `options.speed` the emulator speed (2000). */
export async function startApprovalRig(env: Record<string, string> = {}, options: { fleet?: unknown; speed?: number } = {}): Promise<ApprovalRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-approval-'));
  const emulator = await startEmulator({ port: 0, speed: options.speed ?? 2000, dataDir, ...(options.fleet !== undefined ? { fleet: options.fleet } : {}) });
  const connector = await startLocalConnector({
    members: [
      // the classic roster API spells the Entra object id `objectId`
      ...Object.values(USERS).map((u): Record<string, unknown> => ({ id: u.id, name: u.name, objectId: u.aadObjectId })),
      { id: '28:netpilot-test', name: 'NetPilot' },
    ],
  });
  let t = Date.parse('2026-03-01T09:00:00.000Z');
  const clock: TestClock = { now: () => new Date(t), advanceMinutes: (n) => { t += n * 60_000; } };
  const config = loadConfig({
    NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: emulator.url, NETPILOT_PLAYGROUND: '0',
    NETPILOT_POLL_SECONDS: '1', LOG_LEVEL: 'silent', ...env,
  }, { cwd: dataDir });
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const start = () => startNetPilot(config, { logger, port: 0, clock });
  let app = await start();

  const post = async (activity: Partial<Activity>) => {
    const res = await fetch(`${app.botUrl}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const activityAs = (text: string, options: MessageOptions & { user?: TestUser }) => {
    const a = messageActivity(text, connector.url, options);
    const u = options.user ?? USERS.requester;
    a.from = { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
    return a;
  };

  return {
    get app() { return app; },
    emulator, connector, clock, dataDir,
    async say(text, options = {}) {
      const a = activityAs(text, options);
      const { status } = await post(a);
      await app.desk.idle();
      return { status, replies: connector.activities.filter((r) => r.replyToId === a.id && r.body?.type === 'message') };
    },
    async click(verb, data, options = {}) {
      const a = activityAs('', options);
      const invoke: Partial<Activity> = {
        ...a, type: 'invoke', name: 'adaptiveCard/action', text: undefined, entities: [],
        replyToId: options.replyToId ?? 'card-activity',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      };
      const { status, body } = await post(invoke);
      await app.desk.idle();
      const b = body as { statusCode?: number; type?: string; value?: unknown } | undefined;
      const card = b?.type === 'application/vnd.microsoft.card.adaptive' ? (b.value as Record<string, unknown>) : undefined;
      return { status, body: b, card };
    },
    puts(cluster) {
      const mine = emulator.requests().filter((r) => r.method === 'PUT' && r.path.toLowerCase().endsWith(`/managedclusters/${cluster}`));
      return { all: mine.length, accepted: mine.filter((r) => r.status >= 200 && r.status < 300).length };
    },
    async restart(between) {
      await app.stop();
      await between?.();
      app = await start();
    },
    async stop() {
      await app.stop();
      await connector.stop();
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The approval cards the bot posted (newest last), with the connector's activity id and the request id. */
export function postedApprovalCards(connector: LocalConnector): { id: string; conversationId: string; requestId: string; card: Record<string, unknown> }[] {
  const out: { id: string; conversationId: string; requestId: string; card: Record<string, unknown> }[] = [];
  for (const r of connector.activities) {
    if (r.kind !== 'send' && r.kind !== 'reply') continue;
    const card = cardOf(r);
    const refresh = card?.refresh as { action?: { verb?: string; data?: { requestId?: string } } } | undefined;
    const requestId = refresh?.action?.verb === 'refresh' ? refresh.action.data?.requestId : undefined;
    if (card && requestId && r.id) out.push({ id: r.id, conversationId: r.conversationId ?? '', requestId, card });
  }
  return out;
}

/** Every Action.Execute of a card (verb, data, title). */
export function executeActions(card: unknown): { verb?: string; data?: Record<string, unknown>; title?: string }[] {
  const found: { verb?: string; data?: Record<string, unknown>; title?: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'Action.Execute') found.push(o as (typeof found)[number]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Waits until `check` returns true (polling), or throws after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
