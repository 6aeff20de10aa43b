// Restarting `npm start` (DEMO mode: the emulator runs inside NetPilot) mid-migration loses nothing.
// A child process runs NetPilot as `npm start` composes it on a tmp data dir; a request is approved;
// SIGKILL mid-migration kills NetPilot AND its emulator. Its old port is then taken, so the second
// start gets a new emulator port: the emulator resumes its saved world from the wall clock; the
// stored operation URL is not on the new endpoint (never rewritten, no ARM token sent there), so the
// watcher finishes from the cluster and its node labels; the same card is updated, one final
// message, no duplicated milestone, and a fresh snapshot read shows the cluster as overlay.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { EMULATOR_STATE_FILE, openBackend } from '../../../services/azure/backend.ts';
import { collectSnapshot } from '../../../services/azure/collect-snapshot.ts';
import { loadConfig } from '../../../services/config.ts';
import { openStore } from '../../../services/store/index.ts';
import { startLocalConnector, type Recorded } from '../../fakes/local-connector.ts';
import { cardOf, cardText } from '../harness.ts';
import { childRunner, doneActivityIds, until, type Child } from './child-process.ts';
import { clusterRef, THREAD_ID } from './stack.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./child-demo-netpilot.ts', import.meta.url));
// aks-legacy overlay at speed 40 takes about 16 s; its first pool (win22) finishes after about 10 s.
const SPEED = '40';
const { startChild, killAll } = childRunner(CHILD_SCRIPT);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const emulatorUrlOf = (child: Child): string | undefined => child.stdout.find((l) => l.startsWith('emulator '))?.slice('emulator '.length);

describe('restart of npm start (demo mode) in the middle of a migration', () => {
  it('SIGKILL mid-run, start again on the same data dir: resumed on a new emulator port, same card, one final, overlay after', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-demo-restart-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const connector = await startLocalConnector();
    cleanups.push(() => connector.stop());
    const env = { NETPILOT_DATA_DIR: dataDir, NP_CONNECTOR_URL: connector.url, NETPILOT_EMULATOR_SPEED: SPEED };

    const inThread = (): Recorded[] => connector.activities.filter((a) => a.conversationId === THREAD_ID);
    const posts = () => inThread().filter((a) => a.kind === 'send' || a.kind === 'reply');
    const updates = () => inThread().filter((a) => a.kind === 'update');
    const finals = () => posts().filter((a) => /\b(succeeded|failed)\b/.test(String(a.body?.text ?? '')));
    const poolMessages = () => posts().filter((p) => /^Node pool /.test(String(p.body?.text ?? '')));

    const first = startChild({ ...env, NP_APPROVE: 'aks-legacy' });
    await until('card and a first pool message', () => (posts().length >= 1 && poolMessages().length >= 1) || undefined, first, 40_000);
    // Kill once every post the connector saw is recorded as done in the store: a kill between the
    // post and its record is the at-least-once window (the post is sent again after a restart).
    await until('posts recorded in the store', () => {
      const done = doneActivityIds(dataDir);
      return posts().every((p) => done.has(String(p.id))) || undefined;
    }, first, 20_000);
    expect(finals()).toEqual([]);
    first.proc.kill('SIGKILL');
    await first.exited;
    const firstUrl = emulatorUrlOf(first)!;
    expect(firstUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const before = { posts: posts().length, updates: updates().length };
    const cardId = posts()[0].id;
    expect(cardText(cardOf(posts()[0]))).toMatch(/Migrating aks-legacy/);
    // the migration was still running in the emulator when it died
    const saved = JSON.parse(readFileSync(join(dataDir, EMULATOR_STATE_FILE), 'utf8')) as { port: number; world: { operations: { status: string }[] } };
    expect(saved.world.operations.map((o) => o.status)).toEqual(['InProgress']);
    expect(`https://127.0.0.1:${saved.port}`).toBe(firstUrl);

    // Something else took the old port: the demo emulator must come back elsewhere.
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(saved.port, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    const second = startChild(env);
    await until('resumed', () => second.stdout.find((l) => l === 'resumed 1'), second);
    expect(emulatorUrlOf(second)).not.toBe(firstUrl);
    await until('watcher idle', () => second.stdout.find((l) => l === 'idle'), second, 40_000);
    second.proc.kill('SIGKILL');
    await second.exited;

    // killed mid-way: some pools were still running
    expect(before.posts).toBeLessThan(1 + 3);
    // the second process updated the same card and finished it
    expect(updates().length).toBeGreaterThan(before.updates);
    expect(new Set(updates().map((u) => u.activityId))).toEqual(new Set([cardId]));
    expect(cardText(cardOf(updates()[updates().length - 1]))).toMatch(/succeeded: 100%/);
    // exactly one card, one message per pool, one final succeeded; nothing twice
    const cards = posts().filter((p) => cardOf(p) && /Migrating/.test(cardText(cardOf(p))));
    expect(cards).toHaveLength(1);
    const pools = posts().map((p) => /^Node pool (\S+) /.exec(String(p.body?.text ?? ''))?.[1]).filter(Boolean);
    expect(pools.sort()).toEqual(['apps', 'system', 'win22']);
    expect(finals()).toHaveLength(1);
    expect(String(finals()[0].body?.text)).toMatch(/\bsucceeded\b/);
    // and one health summary after the step (schedule/health), posted once across the restart
    const health = posts().filter((p) => /^\**Health of \S+ after the /.test(String(p.body?.text ?? '')));
    expect(health).toHaveLength(1);
    expect(posts()).toHaveLength(1 + 3 + 1 + 1);

    const store = openStore(dataDir);
    try {
      const [op] = store.operations.listByCluster(clusterRef('aks-legacy').id);
      expect(op.status).toBe('succeeded');
      expect(op.asyncOperationUrl!.startsWith(`${firstUrl}/`)).toBe(true);
      // the old URL was refused on the new endpoint: the outcome came from the cluster
      expect((op.watcherState as { operationUrlDropped?: string }).operationUrlDropped).toMatch(/^refused: .*not on the ARM endpoint/);
      expect(store.milestones.list(op.id).every((m) => m.state === 'done')).toBe(true);
      expect(store.milestones.get(op.id, 'card')?.activityId).toBe(cardId);
    } finally {
      store.close();
    }

    // A fresh read of the demo world (an in-process emulator on the same data dir, as the bot opens it).
    const backend = await openBackend(loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }), startEmulator);
    try {
      const { snapshot } = await collectSnapshot(clusterRef('aks-legacy'), { clients: backend.clients });
      expect(snapshot.derived.mode).toBe('overlay');
      expect(snapshot.cluster.networkProfile).toMatchObject({ networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
      expect(snapshot.cluster.provisioningState).toBe('Succeeded');
    } finally {
      await backend.close();
    }
  }, 150_000);
});
