// The Japanese sweep of issue 12 over the features of issue 14, end to end against the demo fleet
// (real composition root, CloudAdapter over HTTP, emulator, local connector): migration plans (plan
// card, request-this-step, the next step offered after success, a blocked plan, a stale step id,
// status and history with plans), scheduled starts (the approval card's start choices, every refusal
// of a picked time, the scheduled / started / not-started / cancelled notices), the health summary
// after a step (all good and needs attention), fleet readiness (progress, card, next page, a stale
// page), the weekly digest (on, status, off, the posted digest before and after a migration), and the
// CLI `plan`, `fleet` and `audit verify` with --lang ja. Every text and card: no English sentence.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { cardOf, cardText } from '../bot/harness.ts';
import { aksClient } from '../emulator/helpers.ts';
import { executeActions, postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from '../bot/approval/approval-harness.ts';
import type { Recorded } from '../fakes/local-connector.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';

/** Every line of `text` that carries an English sentence, with the sentence found. */
function leaks(where: string, text: string): string[] {
  return text.split('\n').flatMap((line) => englishSentences(line).map((s) => `${where}: «${s}» in: ${line.trim().slice(0, 200)}`));
}

const ja = { conversation: 'channel' as const, locale: 'ja-JP' };
const asApprover = { ...ja, user: USERS.approver };
let rig: ApprovalRig;
beforeAll(async () => {
  // 12 h to approve, so the demo's daily maintenance window (01:00-09:00 Tokyo) can be chosen.
  rig = await startApprovalRig({ APPROVAL_TTL_MINUTES: '720', BOT_EXECUTE: 'true', APPROVERS: USERS.approver.aadObjectId });
}, 120_000);
afterAll(async () => {
  await rig?.stop();
});

const texts = (): string[] => rig.connector.activities.filter((a) => a.kind !== 'update' && typeof a.body?.text === 'string').map((a) => String(a.body?.text));
const all = (r: Recorded): string => `${String(r.body?.text ?? '')}\n${cardOf(r) ? cardText(cardOf(r)) : ''}`;
const clickCards: { where: string; card: unknown }[] = [];

async function click(verb: string, data: unknown, options: Parameters<ApprovalRig['click']>[2], where: string) {
  const r = await rig.click(verb, data, options);
  clickCards.push({ where, card: r.card ?? r.body });
  return r;
}

async function request(text: string): Promise<{ requestId: string; id: string }> {
  const before = postedApprovalCards(rig.connector).length;
  await rig.say(text, ja);
  await until(() => postedApprovalCards(rig.connector).length === before + 1, `the approval card of «${text}»`);
  return postedApprovalCards(rig.connector).at(-1)!;
}

async function approve(posted: { requestId: string; id: string }, cluster: string, extra: Record<string, unknown>, where: string) {
  return click('approve', { requestId: posted.requestId, confirm: cluster, ack: 'true', ...extra }, { ...asApprover, replyToId: posted.id }, where);
}

describe('Japanese sweep over plans, scheduled starts, health summaries, readiness and the digest', () => {
  it('chat and cards in Japanese contain no English sentence', async () => {
    // digest: personal chat refusal, on in the channel, its status, the first digest
    await rig.say('ダイジェストをオン', { locale: 'ja-JP' });
    await rig.say('ダイジェストをオン', ja); // not an approver: refused
    await rig.say('ダイジェストをオン', asApprover);
    await rig.say('ダイジェスト', asApprover);
    rig.clock.advanceMinutes(24 * 60); // Monday 2026-03-02 09:00 UTC
    expect(await rig.app.digest.tick()).toBe(1);

    // fleet readiness: progress, card, next page, a stale page token
    const readinessBefore = rig.connector.activities.length;
    await rig.say('移行準備状況', ja);
    await until(() => rig.connector.activities.slice(readinessBefore).some((r) => /フリートの移行準備状況/.test(all(r)) && !!cardOf(r)), 'the readiness card', 60_000);
    const readinessCard = cardOf(rig.connector.activities.slice(readinessBefore).find((r) => !!cardOf(r) && /フリートの移行準備状況/.test(all(r)))!)!;
    const pages = executeActions(readinessCard).filter((a) => a.verb === 'readinessPage');
    for (const p of pages) await click('readinessPage', p.data, ja, 'readiness page');
    await click('readinessPage', { token: 'not-a-token' }, ja, 'stale readiness page');

    // plans: a blocked one, one with a policy engine to drop, a stale step id
    await rig.say('aks-old を Cilium まで移行する計画', ja);
    await rig.say('aks-calico をオーバーレイまで移行する計画', ja);
    await rig.say('aks-legacy の移行計画', ja);
    await click('requestPlanStep', { stepId: '00000000-0000-0000-0000-000000000000.1' }, ja, 'stale plan step');
    await click('requestPlanStep', { stepId: 42 }, ja, 'malformed plan step');

    // a start in the maintenance window (aks-kubenet's is daily), listed by status, then cancelled before it starts
    const windowed = await request('aks-kubenet をオーバーレイに移行');
    await approve(windowed, 'aks-kubenet', { startChoice: 'window' }, 'approve in the daily window');
    expect(rig.app.approvals.get(windowed.requestId)?.state).toBe('approved');
    await rig.say('状態', ja);
    await rig.say('aks-kubenet をキャンセル', ja);
    expect(rig.app.approvals.get(windowed.requestId)?.state).toBe('cancelled');

    // plan aks-kubenet → Cilium: request step 1 from the card, approve now
    const asked = await rig.say('aks-kubenet を Cilium まで移行する計画', ja);
    const planReply = asked.replies.find((r) => cardOf(r) && executeActions(cardOf(r)).some((a) => a.verb === 'requestPlanStep'))!;
    expect(planReply).toBeDefined();
    const [offer] = executeActions(cardOf(planReply)).filter((a) => a.verb === 'requestPlanStep');
    await click('requestPlanStep', offer.data, { ...ja, replyToId: planReply.id }, 'request step 1');
    await click('requestPlanStep', offer.data, { ...ja, replyToId: planReply.id }, 'request step 1 again');
    const step1 = postedApprovalCards(rig.connector).at(-1)!;
    expect(rig.app.approvals.get(step1.requestId)).toMatchObject({ target: 'overlay', state: 'pending' });
    const cardsAfterStep1 = postedApprovalCards(rig.connector).length;
    await click('refresh', { requestId: step1.requestId }, asApprover, 'approval card with start choices');
    await approve(step1, 'aks-kubenet', { startChoice: 'now' }, 'approve step 1');
    await until(() => postedApprovalCards(rig.connector).length === cardsAfterStep1 + 1, 'the approval card of step 2', 60_000);
    await until(() => texts().some((t) => /の aks-kubenet の状態/.test(t)), 'the health summary of step 1', 30_000);
    await rig.say('状態', ja);

    // step 2 at a picked time: the scheduled notice, then the scheduler starts it
    const step2 = postedApprovalCards(rig.connector).at(-1)!;
    expect(rig.app.approvals.get(step2.requestId)).toMatchObject({ target: 'cilium', state: 'pending' });
    await click('refresh', { requestId: step2.requestId }, asApprover, 'approval card of step 2');
    const at = new Date(rig.clock.now().getTime() + 30 * 60_000).toISOString();
    await approve(step2, 'aks-kubenet', { startChoice: 'time', startDate: at.slice(0, 10), startTime: at.slice(11, 16) }, 'approve step 2 at a time');
    await rig.app.approvals.drain();
    await rig.say('状態', ja);
    rig.clock.advanceMinutes(31);
    await rig.app.scheduler.runDue();
    await until(() => rig.puts('aks-kubenet').accepted === 2, 'the scheduled PUT of step 2', 30_000);
    await rig.app.watcher.idle();
    await rig.app.plans.idle();
    await until(() => rig.app.approvals.get(step2.requestId)?.state === 'succeeded', 'step 2', 60_000);
    await rig.app.plans.idle();
    await rig.say('履歴 aks-kubenet', ja);

    // every refusal of a picked time, then the maintenance window, then cancelled
    const legacy = await request('aks-legacy をオーバーレイに移行 ポッドCIDR 192.168.0.0/16');
    const now = rig.clock.now().toISOString();
    for (const inputs of [
      { startChoice: 'time', startDate: now.slice(0, 10), startTime: '00:00' },
      { startChoice: 'time', startDate: now.slice(0, 10), startTime: '8 pm' },
      { startChoice: 'time', startDate: '2026-03-09', startTime: '23:00' },
      { startChoice: 'time' },
      { startChoice: 'tomorrow' },
    ]) await approve(legacy, 'aks-legacy', inputs, `refused ${JSON.stringify(inputs)}`);
    await approve(legacy, 'aks-legacy', { startChoice: 'window' }, 'approve in the window');
    await rig.say('状態', ja);
    await rig.say('aks-legacy をキャンセル', ja);

    // a scheduled start that does not happen: the cluster changed before its time
    const podsubnet = await request('aks-podsubnet を Cilium にアップグレード');
    await approve(podsubnet, 'aks-podsubnet', { startChoice: 'window' }, 'no maintenance window'); // refused: none configured
    const at2 = new Date(rig.clock.now().getTime() + 30 * 60_000).toISOString();
    await approve(podsubnet, 'aks-podsubnet', { startChoice: 'time', startDate: at2.slice(0, 10), startTime: at2.slice(11, 16) }, 'approve aks-podsubnet');
    const aks = aksClient(rig.emulator);
    const c = await aks.managedClusters.get('rg-demo', 'aks-podsubnet');
    await aks.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-podsubnet', { ...c, tags: { ...c.tags, owner: 'someone-else' } },
      { ifMatch: c.eTag, updateIntervalInMs: 20 });
    rig.clock.advanceMinutes(31);
    await rig.app.scheduler.runDue();
    await until(() => rig.app.approvals.get(podsubnet.requestId)?.state === 'cancelled', 'the not-started request');
    await rig.say('履歴 aks-podsubnet', ja);

    // a health summary that needs attention (aks-calico fails a pod after the reimage)
    const calico = await request('aks-calico を Cilium にアップグレード');
    await approve(calico, 'aks-calico', { startChoice: 'now' }, 'approve aks-calico');
    await until(() => rig.app.approvals.get(calico.requestId)?.state === 'succeeded', 'aks-calico', 60_000);
    await until(() => texts().some((t) => /の aks-calico の状態/.test(t) && /CrashLoopBackOff/.test(t)), 'the health summary of aks-calico', 30_000);

    // the second digest, after the migrations; then off
    rig.clock.advanceMinutes(7 * 24 * 60);
    expect(await rig.app.digest.tick()).toBe(1);
    await rig.say('ダイジェストを停止', asApprover);
    await rig.say('ダイジェストを停止', asApprover);

    // the detector sees English: the same plan asked in English, in a chat of its own, is flagged
    const english = await rig.say('plan aks-old to cilium', { locale: 'en-US', conversationId: 'a:english-self-check' });
    expect(english.replies.flatMap((r) => leaks('en', all(r))).length).toBeGreaterThan(3);
    const selfCheck = new Set(english.replies.map((r) => r.id));

    const found: string[] = [];
    let cards = 0;
    for (const r of rig.connector.activities) {
      if (!r.body || selfCheck.has(r.id)) continue;
      found.push(...leaks(`${r.kind} text`, String(r.body.text ?? '')));
      const card = cardOf(r);
      if (card) { cards += 1; found.push(...leaks(`${r.kind} card`, cardText(card))); }
    }
    for (const { where, card } of clickCards) {
      if (card && typeof card === 'object' && (card as { type?: string }).type === 'AdaptiveCard') found.push(...leaks(where, cardText(card)));
      else found.push(...leaks(where, JSON.stringify(card ?? '')));
    }
    // what the sweep went through (so a silent skip fails)
    const said = texts().join('\n');
    expect(said).toMatch(/週次の移行準備状況/); // the digest
    expect(said).toMatch(/aks-kubenet[\s\S]*CrashLoopBackOff|CrashLoopBackOff/);
    expect(rig.app.approvals.get(step2.requestId)?.state).toBe('succeeded');
    expect(rig.app.approvals.get(legacy.requestId)?.state).toBe('cancelled');
    expect(cards).toBeGreaterThan(10);
    // no raw target ids or English duration units in Japanese sentences (single words the detector lets through)
    expect(said).not.toMatch(/の (?:overlay|cilium) への/);
    expect(said).not.toMatch(/(?:所要時間|経過時間) \d+[hms]\b/);
    expect(said).toMatch(/aks-kubenet の オーバーレイ への移行は成功しました/);
    // hints name the Japanese command, not the English one
    const everything = [said, ...clickCards.map((c) => (c.card && typeof c.card === 'object' && (c.card as { type?: string }).type === 'AdaptiveCard' ? cardText(c.card) : JSON.stringify(c.card ?? '')))].join('\n');
    expect(everything).not.toMatch(/(?:readiness|digest o(?:n|ff)|cancel [\w-]+)`? (?:を|と)送/);
    expect(everything).toMatch(/`aks-kubenet をキャンセル` と送れば取り消せます/);
    expect(said).toMatch(/`ダイジェストを停止` と送ってください/);
    expect(said).toMatch(/週次ダイジェストの送信先を変更できるのは承認者だけです/); // a non-approver's ダイジェストをオン
    expect(found).toEqual([]);
  }, 400_000);

  it('CLI plan, fleet and audit verify with --lang ja', async () => {
    vi.stubEnv('NETPILOT_DATA_DIR', rig.dataDir);
    // plan and fleet read the demo fleet from the CLI's own in-process emulator; audit verify reads the rig's store
    vi.stubEnv('NETPILOT_EMULATOR_URL', undefined);
    vi.stubEnv('LC_ALL', 'ja_JP.UTF-8');
    const runs: { args: string[]; stdout: string; stderr: string }[] = [];
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      // like a stream: the callback (fleet waits for it) is called once the chunk is taken
      const taken = (c: string | Uint8Array, a?: unknown, b?: unknown): true => {
        const cb = [a, b].find((x): x is () => void => typeof x === 'function');
        if (cb) queueMicrotask(cb);
        return true;
      };
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string | Uint8Array, a?: unknown, b?: unknown) => { stdout += String(c); return taken(c, a, b); }) as typeof process.stdout.write);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string | Uint8Array, a?: unknown, b?: unknown) => { stderr += String(c); return taken(c, a, b); }) as typeof process.stderr.write);
      const timeout = new Promise<string>((r) => setTimeout(() => r('timed out'), 30_000));
      let code: unknown;
      try { code = await Promise.race([main(args), timeout]); } finally { out.mockRestore(); err.mockRestore(); }
      if (code === 'timed out') throw new Error(`netpilot ${args.join(' ')} did not finish`);
      runs.push({ args, stdout, stderr });
    };
    try {
      for (const [cluster, goal] of [['aks-kubenet', 'cilium'], ['aks-overlay', 'cilium'], ['aks-old', 'cilium'], ['aks-calico', 'overlay'], ['aks-busy', 'overlay'],
        ['aks-entra', 'cilium'], ['aks-private', 'overlay'], ['aks-ipmasq', 'cilium']]) {
        await run('plan', cluster, '-g', 'rg-demo', '--to', goal, '--lang', 'ja');
      }
      await run('plan', 'aks-legacy', '--to', 'overlay', '--pod-cidr', '192.168.0.0/16', '--lang', 'ja');
      await run('plan', 'aks-nothing', '--to', 'cilium', '--lang', 'ja');
      await run('plan', 'aks-legacy', '--to', 'mars');
      await run('plan', 'aks-legacy');
      await run('fleet', '--lang', 'ja');
      await run('fleet', 'extra');
      await run('audit', 'verify', '--lang', 'ja');
      await run('audit', 'verify');
      await run('audit', 'check');
    } finally {
      vi.unstubAllEnvs();
    }
    expect(runs.find((r) => r.args[0] === 'fleet' && r.args[1] === '--lang')?.stdout).toMatch(/aks-kubenet/);
    expect(runs.find((r) => r.args[0] === 'audit' && r.args[1] === 'verify')?.stdout).toMatch(/\S/);
    expect(runs.filter((r) => r.args[0] === 'plan' && r.stdout.length > 0).length).toBeGreaterThanOrEqual(8);
    // asides in Japanese take full-width parentheses, as the catalogues write them
    expect(runs.map((r) => r.stdout + r.stderr).join('\n')).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff] \(/);
    const found = runs.flatMap((r) => [...leaks(`${r.args.join(' ')} stdout`, r.stdout), ...leaks(`${r.args.join(' ')} stderr`, r.stderr)]);
    expect(found).toEqual([]);
  }, 240_000);
});
