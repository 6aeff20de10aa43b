// Restart safety: NetPilot (startNetPilot, as `npm start` composes it) runs in a child process
// against an emulator that outlives it; SIGKILL mid-migration, start again on the same data dir: the
// watcher resumes, the SAME card is updated, exactly one final message, no milestone posted twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { openStore } from '../../../services/store/index.ts';
import { startLocalConnector, type Recorded } from '../../fakes/local-connector.ts';
import { cardOf, cardText } from '../harness.ts';
import { childRunner, doneActivityIds, until } from './child-process.ts';
import { THREAD_ID } from './stack.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./child-netpilot.ts', import.meta.url));
const { startChild, killAll } = childRunner(CHILD_SCRIPT);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('restart in the middle of a migration', () => {
  it('SIGKILL mid-run, start again: same card updated, one final message, no duplicated milestone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-restart-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const emulator = await startEmulator({ port: 0, speed: 200, dataDir });
    cleanups.push(() => emulator.stop());
    const connector = await startLocalConnector();
    cleanups.push(() => connector.stop());
    const env = { NETPILOT_DATA_DIR: dataDir, NP_CONNECTOR_URL: connector.url, NETPILOT_EMULATOR_URL: emulator.url };

    const inThread = (): Recorded[] => connector.activities.filter((a) => a.conversationId === THREAD_ID);
    const posts = () => inThread().filter((a) => a.kind === 'send' || a.kind === 'reply');
    const updates = () => inThread().filter((a) => a.kind === 'update');
    const finals = () => posts().filter((a) => /\b(succeeded|failed)\b/.test(String(a.body?.text ?? '')));

    const first = startChild({ ...env, NP_APPROVE: 'aks-legacy' });
    const poolMessages = () => posts().filter((p) => /^Node pool /.test(String(p.body?.text ?? '')));
    await until('card and a first pool message', () => (posts().length >= 1 && poolMessages().length >= 1) || undefined, first);
    // Kill once the posts are recorded in the store (a kill in between is the at-least-once window).
    await until('posts recorded in the store', () => {
      const done = doneActivityIds(dataDir);
      return posts().every((p) => done.has(String(p.id))) || undefined;
    }, first, 20_000);
    expect(finals()).toEqual([]);
    first.proc.kill('SIGKILL');
    await first.exited;
    const before = { posts: posts().length, updates: updates().length };
    const cardId = posts()[0].id;
    expect(cardText(cardOf(posts()[0]))).toMatch(/Migrating aks-legacy/);

    const second = startChild(env);
    await until('resumed', () => second.stdout.find((l) => l === 'resumed 1'), second);
    await until('watcher idle', () => second.stdout.find((l) => l === 'idle'), second);
    second.proc.kill('SIGKILL');
    await second.exited;

    // killed mid-way: some pools were still running
    expect(before.posts).toBeLessThan(1 + 3);
    // the second process updated the same card and finished it
    expect(updates().length).toBeGreaterThan(before.updates);
    expect(new Set(updates().map((u) => u.activityId))).toEqual(new Set([cardId]));
    expect(cardText(cardOf(updates()[updates().length - 1]))).toMatch(/succeeded: 100%/);
    // exactly one card, one message per pool, one final; nothing twice
    const cards = posts().filter((p) => cardOf(p) && /Migrating/.test(cardText(cardOf(p))));
    expect(cards).toHaveLength(1);
    const pools = posts().map((p) => /^Node pool (\S+) /.exec(String(p.body?.text ?? ''))?.[1]).filter(Boolean);
    expect(pools.sort()).toEqual(['apps', 'system', 'win22']);
    expect(finals()).toHaveLength(1);
    // and one health summary after the step (schedule/health), posted once across the restart
    const health = posts().filter((p) => /^\**Health of \S+ after the /.test(String(p.body?.text ?? '')));
    expect(health).toHaveLength(1);
    expect(posts()).toHaveLength(1 + 3 + 1 + 1);

    const store = openStore(dataDir);
    try {
      const [op] = store.operations.listByCluster(`/subscriptions/6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`);
      expect(op.status).toBe('succeeded');
      expect(store.milestones.list(op.id).every((m) => m.state === 'done')).toBe(true);
      expect(store.milestones.get(op.id, 'card')?.activityId).toBe(cardId);
    } finally {
      store.close();
    }
  }, 90_000);
});
