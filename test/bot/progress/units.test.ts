// Units of the Teams progress side: bounded retry with Retry-After and jitter, ThreadInfo parsing,
// deep links and reply references, and per-thread coalescing of card updates (fake adapter, no HTTP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/logger.ts';
import { createProgressNotifier, type ProgressNotifierDeps } from '../../../bot/proactive/progress-notifier.ts';
import { finalMessage, PROGRESS_CARDS, portalUrl, progressCard } from '../../../bot/proactive/render.ts';
import { connectorErrorInfo, withTeamsRetry } from '../../../bot/proactive/teams-retry.ts';
import { cardText } from '../harness.ts';
import { parseThreadInfo, postReference, threadDeepLink, threadFromReference, threadInfoToJson } from '../../../bot/proactive/thread.ts';
import type { OperationInfo, ProgressSnapshot } from '../../../services/migration/types.ts';
import { openStore, type Store } from '../../../services/store/index.ts';
import { clusterRef, testThread } from './stack.ts';

const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const httpError = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${status}`), { statusCode: status, response: { headers: retryAfter ? { 'retry-after': retryAfter } : {} } });

describe('withTeamsRetry', () => {
  it('retries 429/412/502/504 with jittered backoff, honours Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    const failures = [httpError(429, '3'), httpError(412), httpError(502), httpError(504)];
    let calls = 0;
    const out = await withTeamsRetry(async () => {
      calls += 1;
      const f = failures.shift();
      if (f) throw f;
      return 'ok';
    }, { baseMs: 100, maxMs: 10_000, attempts: 5, sleep: async (ms) => { waits.push(ms); }, random: () => 0.5 });
    expect(out).toBe('ok');
    expect(calls).toBe(5);
    expect(waits[0]).toBe(3000); // Retry-After 3 s beats the 75 ms backoff
    expect(waits.slice(1)).toEqual([150, 300, 600]); // base * 2^n, jitter in [50%, 100%]
  });

  it('is bounded and rethrows the last failure; other statuses are not retried', async () => {
    let calls = 0;
    await expect(withTeamsRetry(async () => { calls += 1; throw httpError(429, '0'); }, { attempts: 3, sleep: async () => {} }))
      .rejects.toThrow('HTTP 429');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withTeamsRetry(async () => { calls += 1; throw httpError(403); }, { sleep: async () => {} })).rejects.toThrow('HTTP 403');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withTeamsRetry(async () => { calls += 1; throw new Error('socket hang up'); }, { sleep: async () => {} })).rejects.toThrow('socket');
    expect(calls).toBe(1);
  });

  it('reads status and Retry-After from header objects and Headers-like getters', () => {
    expect(connectorErrorInfo(httpError(429, '7'))).toEqual({ status: 429, retryAfterSeconds: 7 });
    const getter = { statusCode: 504, response: { headers: { get: (n: string) => (n === 'retry-after' ? '2' : undefined) } } };
    expect(connectorErrorInfo(getter)).toEqual({ status: 504, retryAfterSeconds: 2 });
    expect(connectorErrorInfo('nope')).toEqual({});
  });
});

describe('ThreadInfo', () => {
  it('round-trips through the request JSON and rejects foreign shapes', () => {
    const json = testThread('http://127.0.0.1:1/', 'ja');
    const t = parseThreadInfo(json);
    expect(t).toMatchObject({ conversationId: '19:general@thread.tacv2;messageid=1700000000000', locale: 'ja', name: 'General' });
    expect(threadInfoToJson(t!)).toEqual(json);
    expect(parseThreadInfo({ conversationId: 'conv-x' })).toBeUndefined();
    expect(parseThreadInfo(undefined)).toBeUndefined();
    expect(parseThreadInfo({ ...json, locale: 'fr' })).toBeUndefined();
  });

  it('deep links: channel thread message, group chat; none for a personal chat', () => {
    const channel = parseThreadInfo(testThread('http://x/'))!;
    expect(threadDeepLink(channel)).toBe('https://teams.microsoft.com/l/message/19%3Ageneral%40thread.tacv2/1700000000000?tenantId=00000000-0000-0000-0000-00000000aaaa&parentMessageId=1700000000000');
    const group = threadFromReference({ serviceUrl: 'http://x/', conversation: { id: '19:group@thread.v2', isGroup: true, conversationType: 'groupChat', name: '' } }, 'en');
    expect(threadDeepLink(group)).toBe('https://teams.microsoft.com/l/chat/19%3Agroup%40thread.v2/conversations');
    const personal = threadFromReference({ serviceUrl: 'http://x/', conversation: { id: 'a:personal-1', isGroup: false, conversationType: 'personal', name: '' } }, 'en');
    expect(threadDeepLink(personal)).toBeUndefined();
  });

  it('a top-level channel approval card is answered in its own thread', () => {
    const top = threadFromReference({ serviceUrl: 'http://x/', conversation: { id: '19:ops@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } }, 'en',
      { cardActivityId: '1700000000999' });
    expect((postReference(top).conversation as { id: string }).id).toBe('19:ops@thread.tacv2;messageid=1700000000999');
    const inThread = parseThreadInfo(testThread('http://x/'))!;
    expect(postReference({ ...inThread, cardActivityId: '5' })).toBe(inThread.reference);
  });
});

describe('rendering', () => {
  const op: OperationInfo = { operationId: 'op', requestId: 'r', cluster: clusterRef('aks-legacy'), target: 'overlay',
    startedAt: '2026-03-01T09:00:00.000Z', dryRun: false, before: {}, change: {}, asyncOperationUrl: null };
  it('the card says when counts come from ARM only, shows per-pool bars, times and the portal link', () => {
    const snap: ProgressSnapshot = { at: '2026-03-01T09:05:00.000Z', percent: 50, elapsedSeconds: 300, estimatedRemainingSeconds: 300,
      pools: [{ name: 'system', total: 3, reimaged: 3, draining: 0, notReady: 0, percent: 100, finished: true, source: 'arm' },
        { name: 'apps', total: 3, reimaged: 0, draining: 0, notReady: 0, percent: 0, finished: false, source: 'arm' }],
      kubernetesReadable: false, kubernetesError: 'connect ECONNREFUSED', operationStatus: 'InProgress' };
    const text = cardText(progressCard(PROGRESS_CARDS, op, snap, 'running', 'en'));
    expect(text).toMatch(/Kubernetes API cannot be read: progress comes from Azure Resource Manager only/);
    expect(text).toMatch(/3\/3/);
    expect(text).toMatch(/0\/3/);
    expect(text).toMatch(/In progress: 50%/);
    expect(text).toContain('10m'); // estimated total = elapsed + remaining
    expect(text).toContain(portalUrl(op.cluster.id));
    expect(portalUrl(op.cluster.id)).toBe(`https://portal.azure.com/#@/resource${op.cluster.id}/overview`);
    const readable = cardText(progressCard(PROGRESS_CARDS, op, { ...snap, kubernetesReadable: true }, 'running', 'en'));
    expect(readable).not.toMatch(/Kubernetes API cannot be read/);
  });

  it('final message in Japanese: 成功/失敗 with the outcome word, duration and before/after', () => {
    const ok = finalMessage(PROGRESS_CARDS, op, { status: 'succeeded', at: '', durationSeconds: 600, before: { networkPlugin: 'azure' },
      after: { networkPlugin: 'azure', networkPluginMode: 'overlay' }, verified: true, dryRun: false, nextStep: 'enable cilium' }, 'ja');
    expect(ok.text).toMatch(/成功しました \(succeeded\)/);
    expect(ok.text).toContain('networkPluginMode: - → overlay');
    expect(ok.text).toContain('次の手順: enable cilium');
    const bad = finalMessage(PROGRESS_CARDS, op, { status: 'failed', at: '', durationSeconds: 60, before: {}, after: {}, verified: false, dryRun: false,
      error: { code: 'UpgradeFailed', message: 'drain blocked', friendly: 'blocked by payments/ledger-db', nextStep: 'kubectl patch pdb ledger-db -n payments' } }, 'ja');
    expect(bad.text).toMatch(/失敗しました \(failed\)/);
    expect(bad.text).toContain('blocked by payments/ledger-db');
    expect(bad.text).toContain('次の手順: kubectl patch pdb ledger-db -n payments');
    expect(cardText(bad.card)).toMatch(/UpgradeFailed/);
  });
});

describe('coalescing (fake adapter)', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('at most one update per window per thread, the latest state wins, the end is never lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-coalesce-'));
    dirs.push(dir);
    const store = openStore(dir);
    stores.push(store);
    const sent: { kind: 'send' | 'update'; id?: string; text: string; at: number }[] = [];
    let counter = 0;
    const adapter = {
      continueConversationAsync: async (_appId: string, _ref: unknown, logic: (ctx: never) => Promise<void>) => {
        const ctx = {
          sendActivity: async (a: { text?: string; attachments?: unknown[] }) => {
            counter += 1;
            sent.push({ kind: 'send', id: `a-${counter}`, text: a.text ?? JSON.stringify(a.attachments), at: Date.now() });
            return { id: `a-${counter}` };
          },
          updateActivity: async (a: { id: string; attachments?: unknown[] }) => {
            sent.push({ kind: 'update', id: a.id, text: JSON.stringify(a.attachments), at: Date.now() });
          },
        };
        await logic(ctx as never);
      },
    } as unknown as ProgressNotifierDeps['adapter']; // a fake TurnContext with the two methods the notifier calls
    const notifier = createProgressNotifier({ adapter, appId: '', store, logger: quiet(), coalesceSeconds: 0.4 });
    const op: OperationInfo = { operationId: 'op-1', requestId: 'r-1', cluster: clusterRef('aks-legacy'), target: 'overlay',
      startedAt: new Date().toISOString(), dryRun: false, before: {}, change: {}, asyncOperationUrl: null, thread: testThread('http://x/') };
    store.milestones.claim('op-1', 'started');
    const snap = (percent: number): ProgressSnapshot => ({ at: new Date().toISOString(), percent, elapsedSeconds: 1, pools: [
      { name: 'system', total: 10, reimaged: percent / 10, draining: 0, notReady: 0, percent, finished: false, source: 'kubernetes' }],
    kubernetesReadable: true, operationStatus: 'InProgress' });

    await notifier.started(op, 'op-1:started');
    await notifier.started(op, 'op-1:started'); // repeated key: the card is not posted twice
    expect(sent.filter((s) => s.kind === 'send')).toHaveLength(1);
    for (const p of [10, 20, 30, 40, 50]) await notifier.progress(op, snap(p));
    await new Promise((r) => setTimeout(r, 600));
    const firstWave = sent.filter((s) => s.kind === 'update');
    expect(firstWave).toHaveLength(1);
    expect(firstWave[0].text).toContain('50%');
    for (const p of [60, 70]) await notifier.progress(op, snap(p));
    await notifier.finished(op, { status: 'succeeded', at: new Date().toISOString(), durationSeconds: 65, before: { networkPlugin: 'azure' },
      after: { networkPlugin: 'azure', networkPluginMode: 'overlay' }, verified: true, dryRun: false }, 'op-1:finished');
    await notifier.finished(op, { status: 'succeeded', at: new Date().toISOString(), durationSeconds: 65, before: {}, verified: true, dryRun: false },
      'op-1:finished');
    await notifier.flush();
    const updates = sent.filter((s) => s.kind === 'update');
    expect(updates.every((u) => u.id === 'a-1')).toBe(true);
    expect(updates[updates.length - 1].text).toContain('succeeded: 100%');
    expect(updates.some((u) => u.text.includes('70%'))).toBe(false); // coalesced away, the end state won
    const finals = sent.filter((s) => s.kind === 'send' && /aks-legacy to overlay succeeded after/.test(s.text));
    expect(finals).toHaveLength(1);
    expect(finals[0].text).toContain('networkPluginMode: - → overlay');
  });
});
