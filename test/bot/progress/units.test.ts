// Units of the Teams progress side: bounded retry with Retry-After and jitter, ThreadInfo parsing,
// deep links and reply references, and per-thread coalescing of card updates (fake adapter, no HTTP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/logger.ts';
import { createProgressNotifier, type ProgressNotifierDeps } from '../../../bot/proactive/progress-notifier.ts';
import { finalMessage, PROGRESS_CARDS, portalUrl, progressCard, stallText } from '../../../bot/proactive/render.ts';
import { withTeamsRetry } from '../../../bot/proactive/teams-retry.ts';
import { describeFailure } from '../../../services/retry/failure.ts';
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
    }, { baseDelayMs: 100, maxDelayMs: 10_000, attempts: 5, sleep: async (ms) => { waits.push(ms); }, random: () => 0.5 });
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
    calls = 0; // a 500 or a reset socket may have posted already: not retried
    await expect(withTeamsRetry(async () => { calls += 1; throw httpError(500); }, { sleep: async () => {} })).rejects.toThrow('HTTP 500');
    await expect(withTeamsRetry(async () => { calls += 1; throw Object.assign(new Error('reset'), { code: 'ECONNRESET' }); }, { sleep: async () => {} })).rejects.toThrow('reset');
    expect(calls).toBe(2);
  });

  it('reads status and Retry-After from header objects and Headers-like getters', () => {
    expect(describeFailure(httpError(429, '7'))).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    const getter = { statusCode: 504, response: { headers: { get: (n: string) => (n === 'retry-after' ? '2' : undefined) } } };
    expect(describeFailure(getter)).toMatchObject({ status: 504, retryAfterSeconds: 2 });
    expect(describeFailure({ response: { status: 502 } })).toMatchObject({ status: 502 });
    expect(describeFailure('nope')).toMatchObject({ status: undefined, retryAfterSeconds: undefined });
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
      after: { networkPlugin: 'azure', networkPluginMode: 'overlay' }, verified: true, dryRun: false,
      nextStep: 'Next: Azure CNI powered by Cilium is now possible: "enable cilium on aks-legacy" (its own preflight and approval).' }, 'ja');
    expect(ok.text).toMatch(/成功しました \(succeeded\)/);
    expect(ok.text).toContain('networkPluginMode: - → overlay');
    // the next step is the bot's own Japanese text, not the services' English one
    expect(ok.text).toContain('次の手順: Azure CNI powered by Cilium に移行できるようになりました: `aks-legacy を Cilium にアップグレード`');
    expect(ok.text).not.toMatch(/Next|now possible/);
    expect(cardText(ok.card)).toContain('次の手順: Azure CNI powered by Cilium に移行できるようになりました');
    const bad = finalMessage(PROGRESS_CARDS, op, { status: 'failed', at: '', durationSeconds: 60, before: {}, after: {}, verified: false, dryRun: false,
      error: { code: 'UpgradeFailed', message: 'drain blocked', friendly: 'A node drain was blocked by the PodDisruptionBudget payments/ledger-db.',
        nextStep: 'Let payments/ledger-db allow one disruption', pdb: 'payments/ledger-db' } }, 'ja');
    expect(bad.text).toMatch(/失敗しました \(failed\)/);
    expect(bad.text).toContain('PodDisruptionBudget payments/ledger-db が中断を 1 つも許可していない');
    expect(bad.text).toContain(`次の手順: payments/ledger-db が中断を 1 つ許可するようにするか`);
    expect(bad.text).toContain(`kubectl patch pdb ledger-db -n payments --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`);
    expect(bad.text).not.toContain('Let payments/ledger-db');
    expect(cardText(bad.card)).toMatch(/UpgradeFailed/);
    expect(cardText(bad.card)).toContain('kubectl patch pdb ledger-db -n payments');
  });

  it('an unknown outcome: neither succeeded nor failed, says what to check (en and ja), card included', () => {
    const outcome = { status: 'unknown' as const, at: '', durationSeconds: 7200, before: { networkPlugin: 'azure' }, after: {}, verified: false,
      dryRun: false, error: { code: 'OutcomeUnknown', message: 'not-confirmed: operation URL answered 404', friendly: 'f', nextStep: 'n' } };
    const en = finalMessage(PROGRESS_CARDS, op, outcome, 'en');
    expect(en.text).toMatch(/aks-legacy to overlay: outcome unknown after/);
    expect(en.text).toContain('did not confirm the migration of aks-legacy');
    expect(en.text).toContain('az aks show -g rg-demo -n aks-legacy');
    expect(en.text).not.toMatch(/\b(succeeded|failed)\b/);
    expect(cardText(en.card)).toContain('Migration outcome unknown: aks-legacy');
    expect(cardText(en.card)).not.toMatch(/\b(succeeded|failed)\b/);
    const ja = finalMessage(PROGRESS_CARDS, op, { ...outcome, error: { ...outcome.error, message: 'cluster-unreadable: x' } }, 'ja');
    expect(ja.text).toContain('結果不明です (unknown)');
    expect(ja.text).toContain('長時間読み取れなかった');
    expect(ja.text).not.toMatch(/成功|失敗|succeeded|failed/);
    expect(cardText(ja.card)).toContain('移行の結果が不明です (unknown): aks-legacy');
    const card = cardText(progressCard(PROGRESS_CARDS, op, { at: '', percent: 80, elapsedSeconds: 60, pools: [], kubernetesReadable: true,
      operationStatus: 'InProgress' }, 'unknown', 'en'));
    expect(card).toContain('outcome unknown (last reading 80%)');
  });

  it('stall notice: how long nothing moved, the waiting drains and the PDBs that block (en and ja)', () => {
    const stall = { minutes: 21, pdbs: ['payments/ledger-db'], pdbsReadable: true, draining: [{ pool: 'db', nodes: ['aks-db-1'] }] };
    const en = stallText(op, stall, 'en');
    expect(en).toContain('has not moved for 21 minutes');
    expect(en).toContain('Waiting to drain: db (aks-db-1)');
    expect(en).toContain('allow no disruption now: payments/ledger-db');
    const ja = stallText(op, stall, 'ja');
    expect(ja).toContain('21 分間進んでいません');
    expect(ja).toContain('payments/ledger-db');
    expect(stallText(op, { ...stall, pdbs: [] }, 'en')).toContain('No PodDisruptionBudget blocks evictions right now');
    expect(stallText(op, { ...stall, pdbs: [], pdbsReadable: false }, 'ja')).toContain('PodDisruptionBudget を読み取れませんでした');
  });

  it('next step by outcome and target (en), from structured fields only', () => {
    const base = { at: '', durationSeconds: 60, before: {}, verified: true, dryRun: false } as const;
    const overlay = finalMessage(PROGRESS_CARDS, op, { ...base, status: 'succeeded', after: { networkPluginMode: 'overlay' },
      nextStep: 'Next: something in English' }, 'en');
    expect(overlay.text).toContain('Next step: Azure CNI powered by Cilium is now possible: say `enable cilium on aks-legacy`');
    expect(overlay.text).not.toContain('Next step: Next');
    // overlay on a cluster that already has Cilium: nothing further
    const already = finalMessage(PROGRESS_CARDS, op, { ...base, status: 'succeeded', after: { networkPluginMode: 'overlay', networkDataplane: 'cilium' } }, 'en');
    expect(already.text).toContain('Next step: Nothing further to migrate on aks-legacy: it already runs Cilium.');
    expect(already.text).not.toContain('enable cilium');
    const cilium = finalMessage(PROGRESS_CARDS, { ...op, target: 'cilium' }, { ...base, status: 'succeeded', after: { networkDataplane: 'cilium' } }, 'en');
    expect(cilium.text).toMatch(/Next step: Nothing further to migrate on aks-legacy\. Cilium now enforces the network policies/);
    const dry = finalMessage(PROGRESS_CARDS, op, { ...base, status: 'succeeded', verified: false, dryRun: true, after: {},
      nextStep: 'Dry run: nothing was sent to Azure. Set BOT_EXECUTE=true to run it for real.' }, 'en');
    expect(dry.text.match(/Dry run: nothing was sent/g)).toHaveLength(1);
    expect(dry.text).toContain('Next step: Set BOT_EXECUTE=true');
    const unnamed = finalMessage(PROGRESS_CARDS, op, { ...base, status: 'failed', verified: false, after: {},
      error: { code: 'PodDrainFailure', message: 'm', friendly: 'f', nextStep: 'n' } }, 'en');
    expect(unnamed.text).toContain('blocked by a PodDisruptionBudget');
    expect(unnamed.text).toContain('Next step: Find the budgets that allow no disruption (`kubectl get pdb -A`)');
  });

  it('other failures: the services\' English text as-is in English, labelled in Japanese', () => {
    const outcome = { status: 'failed', at: '', durationSeconds: 60, before: {}, after: {}, verified: false, dryRun: false,
      error: { code: 'InternalError', message: 'boom', friendly: 'Azure reported InternalError: boom', nextStep: 'Check the Activity log.' } } as const;
    const en = finalMessage(PROGRESS_CARDS, op, outcome, 'en');
    expect(en.text).toContain('\n\nAzure reported InternalError: boom\n\n');
    expect(en.text).toContain('Next step: Check the Activity log.');
    const ja = finalMessage(PROGRESS_CARDS, op, outcome, 'ja');
    expect(ja.text).toContain('（英語の原文）Azure reported InternalError: boom');
    expect(ja.text).toContain('次の手順: （英語の原文）Check the Activity log.');
    expect(cardText(ja.card)).toContain('（英語の原文）Azure reported InternalError: boom');
  });

  it('the final card shows absent profile fields as (not set) / (未設定), never a bare dash', () => {
    const outcome = { status: 'succeeded', at: '', durationSeconds: 60, before: { networkPlugin: 'azure', networkPluginMode: null },
      after: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }, verified: true, dryRun: false } as const;
    const facts = (card: unknown) => JSON.stringify(card).match(/"value":"[^"]*"/g) ?? [];
    const en = finalMessage(PROGRESS_CARDS, op, outcome, 'en').card;
    expect(cardText(en)).toContain('(not set)');
    expect(facts(en)).not.toContain('"value":"-"');
    const ja = finalMessage(PROGRESS_CARDS, op, outcome, 'ja').card;
    expect(cardText(ja)).toContain('(未設定)');
    expect(facts(ja)).not.toContain('"value":"-"');
  });

  it('before the first reading the card lists the request\'s pools at 0 done and says it waits; never an empty pools section', () => {
    const fresh: ProgressSnapshot = { at: '2026-03-01T09:00:05.000Z', percent: 0, elapsedSeconds: 5, pools: [], kubernetesReadable: true, operationStatus: 'InProgress' };
    const withPools = { ...op, thread: { pools: [{ name: 'system', count: 3, maxSurge: null }, { name: 'win22', count: 2, maxSurge: '33%' }] } };
    const en = cardText(progressCard(PROGRESS_CARDS, withPools, fresh, 'running', 'en'));
    expect(en).toContain('Node pools (reimaged / total)');
    expect(en).toContain('Waiting for the first reading from the cluster');
    expect(en).toMatch(/system[\s\S]*░+ 0\/3/);
    expect(en).toMatch(/win22[\s\S]*░+ 0\/2/);
    const ja = cardText(progressCard(PROGRESS_CARDS, withPools, fresh, 'running', 'ja'));
    expect(ja).toContain('クラスターからの最初の読み取りを待っています');
    // no pools known at all: the section still says something
    const bare = cardText(progressCard(PROGRESS_CARDS, op, fresh, 'running', 'en'));
    expect(bare).toContain('Waiting for the first reading from the cluster');
    // once a reading has pools, the waiting line goes
    const read = cardText(progressCard(PROGRESS_CARDS, withPools, { ...fresh, pools: [{ name: 'system', total: 3, reimaged: 1, draining: 0, notReady: 1,
      percent: 33, finished: false, source: 'kubernetes' }] }, 'running', 'en'));
    expect(read).not.toContain('Waiting for the first reading');
    expect(read).toContain('1/3');
    // ended without any reading: a real success shows every pool done; a failure shows no invented counts
    expect(cardText(progressCard(PROGRESS_CARDS, withPools, fresh, 'succeeded', 'en'))).toContain('3/3');
    const failed = cardText(progressCard(PROGRESS_CARDS, withPools, fresh, 'failed', 'en'));
    expect(failed).not.toContain('Node pools');
    expect(failed).not.toContain('Waiting');
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
    // The coalesced update goes out once the 0.4 s window closes, carrying the latest state.
    await expect.poll(() => sent.filter((s) => s.kind === 'update').length, { timeout: 5_000 }).toBe(1);
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
