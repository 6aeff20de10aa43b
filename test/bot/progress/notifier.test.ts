// The Teams progress notifier end to end in one process: an approved request (ApprovalService with
// the live preflight) runs against the emulator over HTTPS at high speed; the real ProgressWatcher
// drives the notifier, whose CloudAdapter posts to the local connector.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudAdapter } from 'botbuilder';
import { startEmulator, type EmulatorFaults, type RunningEmulator } from '../../../emulator/index.ts';
import { createProgressNotifier } from '../../../bot/proactive/progress-notifier.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../../services/azure/clients.ts';
import { createClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import { startLocalConnector, type ConnectorRequest, type LocalConnector, type Recorded } from '../../fakes/local-connector.ts';
import { statusCommand } from '../../../bot/commands/status.ts';
import type { CommandContext } from '../../../bot/commands/types.ts';
import { createProgressStatus } from '../../../bot/proactive/status.ts';
import { cardOf, cardText } from '../harness.ts';
import { approveRequest, demoAdapter, startProgressStack, SUB, testThread, THREAD_ID, type ProgressStack } from './stack.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface World {
  emulator: RunningEmulator;
  clients: AzureClients;
  connector: LocalConnector;
  stack: ProgressStack;
}

async function world(opts: { respond?: (req: ConnectorRequest) => { status: number; headers?: Record<string, string> } | undefined; speed?: number;
  faults?: EmulatorFaults; adapter?: Pick<CloudAdapter, 'continueConversationAsync'> } = {}): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'np-progress-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const emulator = await startEmulator({ port: 0, speed: opts.speed ?? 400, faults: opts.faults });
  cleanups.push(() => emulator.stop());
  const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`, credential: new EmulatorTokenCredential(),
    caPem: emulator.caPem, retry: { maxRetries: 2, retryDelayInMs: 50 } });
  const connector = await startLocalConnector({ respond: opts.respond });
  cleanups.push(() => connector.stop());
  const directory = createClusterDirectory({ clients, subscriptions: 'all' });
  const stack = startProgressStack({ dataDir, clients, directory, pollMs: 100, coalesceSeconds: 0.3, adapter: opts.adapter });
  cleanups.push(() => stack.stop());
  return { emulator, clients, connector, stack };
}

async function runToEnd(w: World, name: string, locale: 'en' | 'ja' = 'en') {
  const request = await approveRequest(w.stack.service, name, testThread(w.connector.url, locale));
  await w.stack.service.drain();
  await w.stack.watcher.idle();
  await w.stack.notifier.flush();
  return request;
}

/** What the bot put into the thread, split by kind. */
function thread(connector: LocalConnector) {
  const mine = connector.activities.filter((a) => a.conversationId === THREAD_ID);
  const posts = mine.filter((a) => a.kind === 'send' || a.kind === 'reply');
  const cardPosts = posts.filter((a) => /Node pools|Migrating|移行中/.test(cardText(cardOf(a)) ?? ''));
  const texts = posts.filter((a) => typeof a.body?.text === 'string' && a.body.text !== '');
  return {
    posts,
    cardPosts,
    updates: mine.filter((a) => a.kind === 'update'),
    poolMessages: texts.filter((a) => /^Node pool |ノードプール/.test(String(a.body?.text))),
    finals: texts.filter((a) => /\b(succeeded|failed|canceled)\b/.test(String(a.body?.text))),
  };
}

const text = (r: Recorded): string => String(r.body?.text ?? '');

describe('Teams progress notifier against the emulator and the local connector', () => {
  it('aks-legacy to overlay: one card updated in place, one message per pool, exactly one final succeeded', async () => {
    const w = await world();
    const request = await runToEnd(w, 'aks-legacy');
    const t = thread(w.connector);

    expect(t.cardPosts).toHaveLength(1);
    const cardId = t.cardPosts[0].id;
    expect(cardId).toBeTruthy();
    expect(t.updates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(t.updates.map((u) => u.activityId))).toEqual(new Set([cardId]));
    // coalesced: running updates at least the coalescing interval apart (the final one may follow at once)
    const gaps = t.updates.slice(0, -1).map((u, i, all) => (i === 0 ? Infinity : u.at - all[i - 1].at));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    // the card showed intermediate progress, and ended on succeeded with a portal link
    const texts = t.updates.map((u) => cardText(cardOf(u)));
    expect(texts.some((x) => /In progress: (?!0%)\d+%/.test(x))).toBe(true);
    const last = texts[texts.length - 1];
    expect(last).toMatch(/succeeded: 100%/);
    expect(last).toContain(`https://portal.azure.com/#@/resource/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy/overview`);
    expect(last).toMatch(/apps/);

    expect(t.poolMessages.map(text).map((x) => /Node pool (\S+) /.exec(x)?.[1]).sort()).toEqual(['apps', 'system', 'win22']);
    expect(t.finals).toHaveLength(1);
    const final = text(t.finals[0]);
    expect(final).toMatch(/aks-legacy to overlay succeeded after/);
    expect(final).toContain('networkPluginMode: - → overlay');
    expect(final).toContain('podCidr: - → 192.168.0.0/16');
    expect(final).toMatch(/Next step: .*cilium/i);
    expect(cardText(cardOf(t.finals[0]))).toMatch(/Migration succeeded: aks-legacy/);
    // the final message is the last thing posted in the thread
    expect(t.posts[t.posts.length - 1]).toBe(t.finals[0]);
    // nothing failed at the connector, nothing was posted twice
    expect(w.connector.requests.every((r) => r.status < 300)).toBe(true);

    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    expect(live.networkProfile).toMatchObject({ networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
    const op = w.stack.store.operations.byRequest(request.id)!;
    const keys = w.stack.store.milestones.list(op.id).map((m) => `${m.key}:${m.state}`).sort();
    expect(keys).toEqual(['card:done', 'finished:done', 'msg:finished:done', 'msg:pool:apps:done', 'msg:pool:system:done',
      'msg:pool:win22:done', 'pool:apps:done', 'pool:system:done', 'pool:win22:done', 'started:done']);
    expect(w.stack.store.milestones.get(op.id, 'card')?.activityId).toBe(cardId);
  });

  it('aks-pdb: one failed message naming the PDB and the kubectl fix (Japanese thread)', async () => {
    const w = await world();
    await runToEnd(w, 'aks-pdb', 'ja');
    const t = thread(w.connector);
    expect(t.cardPosts).toHaveLength(1);
    expect(t.finals).toHaveLength(1);
    const final = text(t.finals[0]);
    expect(final).toMatch(/失敗しました \(failed\)/);
    expect(final).toContain('payments/ledger-db');
    expect(final).toMatch(/次の手順: .*kubectl patch pdb ledger-db -n payments/);
    expect(t.finals.concat(t.poolMessages).every((p) => !/成功/.test(text(p)))).toBe(true);
    const last = cardText(cardOf(t.updates[t.updates.length - 1]));
    expect(last).toMatch(/失敗 \(failed\)/);
    expect(t.poolMessages.map(text).join('\n')).not.toMatch(/\bdb\b/);
  });

  it('429 with Retry-After on updates and on a post: the card converges, nothing is posted twice', async () => {
    let updates = 0;
    let posts = 0;
    const w = await world({
      respond: (req) => {
        if (req.kind === 'update') {
          updates += 1;
          if (updates % 2 === 1) return { status: 429, headers: { 'retry-after': updates === 1 ? '1' : '0' } };
        }
        if (req.kind === 'send' || req.kind === 'reply') {
          posts += 1;
          if (posts === 2) return { status: 429, headers: { 'retry-after': '0' } };
          if (posts === 3) return { status: 502 };
        }
        return undefined;
      },
    });
    await runToEnd(w, 'aks-legacy');
    const t = thread(w.connector);
    const throttled = w.connector.requests.filter((r) => r.status === 429 || r.status === 502);
    expect(throttled.filter((r) => r.kind === 'update').length).toBeGreaterThanOrEqual(2);
    expect(throttled.filter((r) => r.kind !== 'update').length).toBe(2);
    // Retry-After: 1 was honoured before the first update was tried again
    const firstFail = w.connector.requests.find((r) => r.kind === 'update')!;
    const firstOk = t.updates[0];
    expect(firstOk.at - firstFail.at).toBeGreaterThanOrEqual(950);

    expect(t.cardPosts).toHaveLength(1);
    expect(new Set(t.updates.map((u) => u.activityId))).toEqual(new Set([t.cardPosts[0].id]));
    expect(cardText(cardOf(t.updates[t.updates.length - 1]))).toMatch(/succeeded: 100%/);
    expect(t.poolMessages.map(text).map((x) => /Node pool (\S+) /.exec(x)?.[1]).sort()).toEqual(['apps', 'system', 'win22']);
    expect(t.finals).toHaveLength(1);
    expect(t.posts.length).toBe(1 + 3 + 1);
  });

  it('subscribed channels get a start and an end notice with a deep link to the thread; unsubscribed ones do not', async () => {
    const w = await world();
    const { store } = w.stack;
    const channel = (id: string) => ({ conversationId: id, channelId: 'msteams', serviceUrl: w.connector.url, isChannel: true,
      reference: { serviceUrl: w.connector.url, channelId: 'msteams', conversation: { id, conversationType: 'channel', isGroup: true },
        bot: { id: '28:netpilot-test' } }, updatedAt: new Date().toISOString() });
    store.conversations.remember(channel('19:ops@thread.tacv2'));
    store.conversations.subscribe('19:ops@thread.tacv2');
    store.conversations.remember(channel('19:quiet@thread.tacv2'));
    store.conversations.subscribe('19:quiet@thread.tacv2');
    expect(store.conversations.unsubscribe('19:quiet@thread.tacv2')).toBe(true);
    await runToEnd(w, 'aks-kubenet');
    const ops = w.connector.activities.filter((a) => a.conversationId === '19:ops@thread.tacv2');
    expect(ops.map(text)).toHaveLength(2);
    expect(text(ops[0])).toMatch(/^Migration of aks-kubenet to overlay started\./);
    expect(text(ops[1])).toMatch(/^Migration of aks-kubenet to overlay succeeded\./);
    const link = 'https://teams.microsoft.com/l/message/19%3Ageneral%40thread.tacv2/1700000000000?tenantId=00000000-0000-0000-0000-00000000aaaa&parentMessageId=1700000000000';
    for (const o of ops) expect(text(o)).toContain(link);
    expect(w.connector.activities.filter((a) => a.conversationId === '19:quiet@thread.tacv2')).toEqual([]);
    expect(thread(w.connector).finals).toHaveLength(1);
  });

  it('status: the running migration\'s current progress card, then the last outcome per cluster', async () => {
    const w = await world({ speed: 200 });
    const status = createProgressStatus(w.stack.store);
    expect(status.status(undefined, 'en')).toBeUndefined();
    expect(status.status({ name: 'aks-legacy' }, 'en')?.text).toMatch(/^Nothing yet: .*aks-legacy/);
    await approveRequest(w.stack.service, 'aks-legacy', testThread(w.connector.url));
    await w.stack.service.drain();
    await w.connector.waitFor((a) => a.kind === 'update', 15_000);
    const ctx = (text: string, name?: string) => ({
      command: { intent: 'status', ...(name ? { cluster: { name } } : {}) }, text, locale: 'en',
      services: { progressStatus: status }, conversation: { id: 'c', isChannel: false }, user: { id: 'u' },
    }) as unknown as CommandContext; // only the fields statusCommand reads
    const mid = await statusCommand.handle(ctx('status aks-legacy', 'aks-legacy'));
    expect(mid.text).toMatch(/Migration of aks-legacy to overlay is running: \d+%/);
    expect(cardText(mid.card)).toMatch(/Migrating aks-legacy/);
    expect(cardText(mid.card)).toContain('https://portal.azure.com/#@/resource/subscriptions/');
    expect((await statusCommand.handle(ctx('status aks-calico', 'aks-calico'))).text).toMatch(/Nothing yet: .*aks-calico/);
    await w.stack.watcher.idle();
    await w.stack.notifier.flush();
    const after = await statusCommand.handle(ctx('status'));
    expect(after.text).toMatch(/^aks-legacy: last migration to overlay succeeded \(/);
    expect(after.card).toBeUndefined();
    expect(status.status(undefined, 'ja')?.text).toMatch(/成功 \(succeeded\)/);
  });

  it('a dropped PUT response (update applied, connection closed): the migration is still watched to the end, one card and exactly one final message', async () => {
    const w = await world({ faults: { dropAcceptedPutRate: 1 } });
    const request = await runToEnd(w, 'aks-legacy');
    const puts = w.emulator.requests().filter((r) => r.method === 'PUT');
    expect(puts.map((p) => p.dropped)).toEqual([true]);
    const t = thread(w.connector);
    expect(t.cardPosts).toHaveLength(1);
    expect(t.finals).toHaveLength(1);
    expect(text(t.finals[0])).toMatch(/aks-legacy to overlay succeeded after/);
    expect(w.stack.store.requests.get(request.id)?.state).toBe('succeeded');
    expect(w.stack.store.operations.byRequest(request.id)).toMatchObject({ asyncOperationUrl: null, status: 'succeeded' });
  }, 30_000);

  it('two senders race for the first progress post (slow first post, two watchers on one store): one card', async () => {
    // The first card post waits until the second sender has tried too: before the card was claimed
    // in the store, the second sender posted its own card.
    let releaseFirst!: () => void;
    const firstPostHeld = new Promise<void>((resolve) => { releaseFirst = resolve; });
    let calls = 0;
    const real = demoAdapter();
    const slow: Pick<CloudAdapter, 'continueConversationAsync'> = {
      continueConversationAsync: async (...args: Parameters<CloudAdapter['continueConversationAsync']>) => {
        calls += 1;
        if (calls === 1) await firstPostHeld;
        return real.continueConversationAsync(...args);
      },
    };
    const w = await world({ adapter: slow });
    // A second watcher with its own notifier on the same store (as `resumeAll` next to `onStarted`).
    const otherNotifier = createProgressNotifier({ adapter: demoAdapter(), appId: '', store: w.stack.store, logger: w.stack.logger,
      coalesceSeconds: 0.3, retry: { baseDelayMs: 50, maxDelayMs: 2000 } });
    const read = (s: string) => w.clients.containerService(s);
    let otherPolls = 0;
    const other = new ProgressWatcher({ store: w.stack.store, containerService: read, notifier: otherNotifier, armEndpoint: w.clients.endpoint,
      pollSeconds: 0.1, sleep: (ms, signal) => new Promise((resolve) => {
        otherPolls += 1;
        const t = setTimeout(resolve, Math.min(ms, 100));
        signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      }) });
    cleanups.push(async () => { await other.stop(); await otherNotifier.flush(); });
    const request = await approveRequest(w.stack.service, 'aks-legacy', testThread(w.connector.url));
    await w.stack.service.drain();
    const opId = w.stack.store.operations.byRequest(request.id)!.id;
    other.watch(opId);
    // Both have tried the first post: the other watcher has polled twice while the first post is held.
    await expect.poll(() => otherPolls, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(calls).toBe(1);
    releaseFirst();
    await w.stack.watcher.idle();
    await other.idle();
    await w.stack.notifier.flush();
    await otherNotifier.flush();
    const t = thread(w.connector);
    expect(t.cardPosts).toHaveLength(1);
    expect(t.finals).toHaveLength(1);
    expect(new Set(t.updates.map((u) => u.activityId))).toEqual(new Set([t.cardPosts[0].id]));
  }, 30_000);
});
