// Two watchers (two stacks on one data dir, in-process leases shared like blob leases are across
// instances): only the lease holder polls and posts; when it stops, the other one's takeover scan
// takes the operation over, updates the SAME progress card and posts the one final message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential } from '../../../services/azure/clients.ts';
import { createClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import { createLocalLeases, createLocalLeaseTable } from '../../../services/leases/local-leases.ts';
import { startLocalConnector } from '../../fakes/local-connector.ts';
import { approveRequest, startProgressStack, testThread, THREAD_ID } from './stack.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('one watcher per operation (leases)', () => {
  it('the holder watches alone; after it stops, the other instance takes over the same card', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-lease-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const emulator = await startEmulator({ port: 0, speed: 60 });
    cleanups.push(() => emulator.stop());
    const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`, credential: new EmulatorTokenCredential(),
      caPem: emulator.caPem, retry: { maxRetries: 2, retryDelayInMs: 50 } });
    const connector = await startLocalConnector();
    cleanups.push(() => connector.stop());
    const directory = createClusterDirectory({ clients, subscriptions: 'all' });
    const table = createLocalLeaseTable();
    const stack = (holder: string) => {
      const s = startProgressStack({ dataDir, clients, directory, pollMs: 100, coalesceSeconds: 0.2,
        leases: createLocalLeases({ table, holder, periodSeconds: 2 }) });
      cleanups.push(() => s.stop());
      return s;
    };
    const a = stack('a');
    const b = stack('b');

    const request = await approveRequest(a.service, 'aks-legacy', testThread(connector.url));
    await a.service.drain();
    const op = a.store.operations.byRequest(request.id);
    expect(op?.status).toBe('running');
    const inThread = () => connector.activities.filter((x) => x.conversationId === THREAD_ID);
    const posts = () => inThread().filter((x) => x.kind === 'send' || x.kind === 'reply');
    const updates = () => inThread().filter((x) => x.kind === 'update');
    await expect.poll(() => a.store.milestones.get(op!.id, 'card')?.activityId, { timeout: 20_000 }).toBeTruthy();
    const cardId = a.store.milestones.get(op!.id, 'card')!.activityId;

    // B scans while A holds the lease: B does not watch.
    b.watcher.scan();
    await new Promise((r) => setImmediate(r));
    await expect.poll(() => b.watcher.watching(), { timeout: 2_000 }).toEqual([]);
    expect(a.watcher.watching()).toEqual([op!.id]);
    expect(b.store.operations.get(op!.id)?.status).toBe('running');

    // A stops mid-run (its lease is released); B's scan takes the operation over.
    await a.watcher.stop();
    await a.notifier.flush();
    const before = updates().length;
    b.watcher.scan();
    await expect.poll(() => b.store.operations.get(op!.id)?.status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    await b.watcher.idle();
    await b.notifier.flush();

    expect(updates().length).toBeGreaterThan(before);
    expect(new Set(updates().map((u) => u.activityId))).toEqual(new Set([cardId]));
    const finals = posts().filter((p) => /\b(succeeded|failed)\b/.test(String(p.body?.text ?? '')));
    expect(finals).toHaveLength(1);
    expect(posts().filter((p) => p.id === cardId)).toHaveLength(1);
  }, 90_000);
});
