// A migration plan end to end through the real composition root (startNetPilot + CloudAdapter over
// HTTP + local connector + emulator): `plan aks-kubenet to cilium` in a channel thread, the card's
// "request this step", two approvals, two progress cards and one final message each; step 2 is
// offered in the thread without being asked; the cluster ends on Overlay + Cilium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText } from '../harness.ts';
import { executeActions, postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from '../approval/approval-harness.ts';
import type { Recorded } from '../../fakes/local-connector.ts';

const CLUSTER = 'aks-kubenet';
let rig: ApprovalRig;
beforeAll(async () => {
  rig = await startApprovalRig();
});
afterAll(async () => {
  await rig?.stop();
});

const text = (r: Recorded): string => `${String(r.body?.text ?? '')}\n${cardOf(r) ? cardText(cardOf(r)) : ''}`;

describe('plan aks-kubenet to cilium in a channel', () => {
  it('runs both steps: request from the plan card, approval, then step 2 offered and approved; ends on Overlay + Cilium', async () => {
    const asked = await rig.say(`plan ${CLUSTER} to cilium`, { conversation: 'channel' });
    expect(asked.status).toBe(200);
    const planReply = asked.replies.find((r) => /Migration plan: aks-kubenet → Azure CNI Overlay \+ Cilium/.test(text(r)));
    expect(planReply).toBeDefined();
    const planCard = cardOf(planReply!)!;
    expect(cardText(planCard)).toMatch(/Step 1: Overlay[\s\S]*Ready[\s\S]*Step 2: Cilium[\s\S]*Waiting for step 1/);
    const [offer] = executeActions(planCard);
    expect(executeActions(planCard)).toHaveLength(1);
    expect(offer.verb).toBe('requestPlanStep');
    expect(Object.keys(offer.data ?? {})).toEqual(['stepId']);
    const planId = String(offer.data?.stepId).split('.')[0];
    expect(rig.app.store.plans.get(planId)?.steps.map((s) => s.target)).toEqual(['overlay', 'cilium']);

    // The requester clicks "request step 1": a normal upgrade request, its approval card in the thread.
    const clicked = await rig.click('requestPlanStep', offer.data, { conversation: 'channel', replyToId: planReply!.id });
    expect(clicked.status).toBe(200);
    expect(cardText(clicked.card)).toContain('Requested: waiting for approval');
    expect(executeActions(clicked.card)).toEqual([]);
    const first = postedApprovalCards(rig.connector);
    expect(first).toHaveLength(1);
    expect(cardText(first[0].card)).toContain(`Approval needed: ${CLUSTER}`);
    const firstRequest = rig.app.approvals.get(first[0].requestId)!;
    expect(firstRequest).toMatchObject({ target: 'overlay', state: 'pending' });
    expect((firstRequest.thread as { plan?: unknown }).plan).toEqual({ planId, step: 0 });
    // A second click while it waits makes no second request.
    const again = await rig.click('requestPlanStep', offer.data, { conversation: 'channel', replyToId: planReply!.id });
    expect(cardText(again.card)).toContain('Requested: waiting for approval');
    expect(rig.connector.activities.some((a) => /Step 1 \(Overlay\) is already requested and waits for approval/.test(String(a.body?.text ?? '')))).toBe(true);
    expect(postedApprovalCards(rig.connector)).toHaveLength(1);

    const thread = (): Recorded[] => rig.connector.activities.filter((a) => a.conversationId === first[0].conversationId);
    const finals = (): Recorded[] => thread().filter((a) => (a.kind === 'send' || a.kind === 'reply') && /\b(succeeded|failed)\b/.test(String(a.body?.text ?? '')));

    // Step 1 approved by the approver (eTag guard and fresh preflight as for any request).
    const ok1 = await rig.click('approve', { requestId: first[0].requestId, confirm: CLUSTER, ack: 'true' },
      { conversation: 'channel', user: USERS.approver, replyToId: first[0].id });
    expect(ok1.status).toBe(200);
    await until(() => finals().length >= 1, 'the final message of step 1', 30_000);
    // Without being asked: step 2 preflighted again and its approval card posted in the same thread.
    await until(() => postedApprovalCards(rig.connector).length >= 2, 'the approval card of step 2', 30_000);
    const second = postedApprovalCards(rig.connector)[1];
    expect(second.conversationId).toBe(first[0].conversationId);
    const secondRequest = rig.app.approvals.get(second.requestId)!;
    expect(secondRequest).toMatchObject({ target: 'cilium', state: 'pending', requester: { id: USERS.requester.aadObjectId } });
    expect((secondRequest.thread as { plan?: unknown }).plan).toEqual({ planId, step: 1 });
    const handOff = thread().find((a) => /Step 1 of 2 \(Overlay\) on aks-kubenet is done\. Step 2 \(Cilium\) passed its preflight again/.test(String(a.body?.text ?? '')));
    expect(handOff).toBeDefined();
    // Order in the thread: final message of step 1, hand-off text, then the approval card of step 2.
    const ids = thread().map((a) => a.id);
    expect(ids.indexOf(finals()[0].id)).toBeLessThan(ids.indexOf(handOff!.id));
    expect(ids.indexOf(handOff!.id)).toBeLessThan(ids.indexOf(second.id));

    const ok2 = await rig.click('approve', { requestId: second.requestId, confirm: CLUSTER, ack: 'true' },
      { conversation: 'channel', user: USERS.approver, replyToId: second.id });
    expect(ok2.status).toBe(200);
    await until(() => finals().length >= 2, 'the final message of step 2', 30_000);
    await until(() => thread().some((a) => /Every step of the plan is done: aks-kubenet now runs Azure CNI Overlay \+ Cilium/.test(String(a.body?.text ?? ''))),
      'the plan-complete message', 10_000);
    await rig.app.watcher.idle();
    await rig.app.plans.idle();

    // Two progress cards, one final message per step, both succeeded; two PUTs accepted.
    const progressCards = thread().filter((a) => (a.kind === 'send' || a.kind === 'reply') && /Migrating aks-kubenet/.test(cardOf(a) ? cardText(cardOf(a)) : ''));
    expect(progressCards).toHaveLength(2);
    expect(finals()).toHaveLength(2);
    expect(String(finals()[0].body?.text)).toMatch(/aks-kubenet to overlay succeeded/);
    expect(String(finals()[1].body?.text)).toMatch(/aks-kubenet to cilium succeeded/);
    expect(rig.puts(CLUSTER).accepted).toBe(2);
    expect(postedApprovalCards(rig.connector)).toHaveLength(2);
    const ref = (await rig.app.backend.directory.resolve({ name: CLUSTER, resourceGroup: 'rg-demo' }));
    if (ref.kind !== 'found') throw new Error('aks-kubenet not found');
    const after = await rig.app.backend.directory.snapshot(ref.ref);
    expect(after.derived).toMatchObject({ mode: 'overlay', dataplane: 'cilium', networkPolicy: 'cilium' });
    expect(rig.app.store.plans.get(planId)?.state).toBe('done');

    // `history` shows the plan and its steps.
    const history = await rig.say(`history ${CLUSTER}`, { conversation: 'channel' });
    const historyText = history.replies.map(text).join('\n');
    expect(historyText).toContain('Migration plans');
    expect(historyText).toMatch(/Plan for aks-kubenet → Azure CNI Overlay \+ Cilium: 1\. Overlay: done · 2\. Cilium: done/);
  }, 120_000);

  it('a forged or stale step id gets a clear answer, never a request', async () => {
    const before = postedApprovalCards(rig.connector).length;
    const unknown = await rig.click('requestPlanStep', { stepId: '00000000-0000-0000-0000-000000000000.1' }, { conversation: 'channel' });
    expect(unknown.status).toBe(200);
    expect(JSON.stringify(unknown.body)).toMatch(/This plan is no longer known/);
    const malformed = await rig.click('requestPlanStep', { stepId: 42, extra: 'x'.repeat(10) }, { conversation: 'channel' });
    expect(cardText(malformed.card)).toMatch(/not valid|invalid/i);
    expect(postedApprovalCards(rig.connector)).toHaveLength(before);
  }, 30_000);

  it('`status` lists an open plan with each step, in Japanese too', async () => {
    const ja = await rig.say('aks-legacy をオーバーレイまで移行する計画 ポッドCIDR 192.168.0.0/16', { conversation: 'channel', locale: 'ja-JP' });
    const card = ja.replies.map((r) => cardOf(r)).find(Boolean);
    expect(cardText(card)).toContain('移行計画: aks-legacy → Azure CNI オーバーレイ');
    expect(executeActions(card).map((a) => a.title)).toEqual(['ステップ 1 をリクエスト: オーバーレイ']);
    const status = await rig.say('status aks-legacy', { conversation: 'channel' });
    expect(status.replies.map(text).join('\n')).toMatch(/Plan for aks-legacy → Azure CNI Overlay: 1\. Overlay: not requested yet/);
    const jaStatus = await rig.say('状態', { conversation: 'channel', locale: 'ja-JP' });
    expect(jaStatus.replies.map(text).join('\n')).toMatch(/aks-legacy の移行計画（Azure CNI オーバーレイ）: 1\. オーバーレイ: 未リクエスト/);
  }, 60_000);
});
