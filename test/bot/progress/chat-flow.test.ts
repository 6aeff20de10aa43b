// The whole chat flow through the real composition root: upgrade typed in a channel thread, approved
// by another user on the approval card, then progress arrives in that same thread (one card, pool
// messages, one final message). Uses the approval helper's rig (startNetPilot + emulator + connector).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText } from '../harness.ts';
import { postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from '../approval/approval-harness.ts';

let rig: ApprovalRig;
beforeAll(async () => {
  rig = await startApprovalRig();
});
afterAll(async () => {
  await rig?.stop();
});

describe('progress after an approval in chat', () => {
  it('the approved aks-legacy migration reports into the request thread and ends with one succeeded message', async () => {
    await rig.say('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', { conversation: 'channel' });
    const [posted] = postedApprovalCards(rig.connector);
    expect(posted).toBeDefined();
    const approved = await rig.click('approve', { requestId: posted.requestId, confirm: 'aks-legacy', ack: 'true' },
      { conversation: 'channel', user: USERS.approver, replyToId: posted.id });
    expect(approved.status).toBe(200);

    const thread = () => rig.connector.activities.filter((a) => a.conversationId === posted.conversationId);
    const finals = () => thread().filter((a) => /\b(succeeded|failed)\b/.test(String(a.body?.text ?? '')));
    await until(() => finals().length >= 1, 'the final message', 30_000);
    await rig.app.watcher.idle();

    const posts = thread().filter((a) => a.kind === 'send' || a.kind === 'reply');
    const progressCards = posts.filter((p) => /Migrating aks-legacy/.test(cardText(cardOf(p))));
    expect(progressCards).toHaveLength(1);
    const cardId = progressCards[0].id;
    // the first card comes before any reading: the request's pools at 0 done, and it says it waits
    const first = cardText(cardOf(progressCards[0]));
    expect(first).toContain('Waiting for the first reading from the cluster');
    for (const pool of ['system', 'apps', 'win22']) expect(first).toContain(pool);
    expect(first).toMatch(/░+ 0\/\d+/);
    expect(first).not.toMatch(/▓/);
    const cardUpdates = thread().filter((a) => a.kind === 'update' && a.activityId === cardId);
    expect(cardUpdates.length).toBeGreaterThanOrEqual(1);
    expect(cardText(cardOf(cardUpdates[cardUpdates.length - 1]))).toMatch(/succeeded: 100%/);
    const pools = posts.map((p) => /^Node pool (\S+) /.exec(String(p.body?.text ?? ''))?.[1]).filter(Boolean);
    expect(pools.sort()).toEqual(['apps', 'system', 'win22']);
    expect(finals()).toHaveLength(1);
    expect(String(finals()[0].body?.text)).toMatch(/aks-legacy to overlay succeeded after/);
    expect(String(finals()[0].body?.text)).toContain('Next step: Azure CNI powered by Cilium is now possible: say `enable cilium on aks-legacy`');
    expect(String(finals()[0].body?.text)).not.toMatch(/Next step: Next/);
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('succeeded');

    // `status` through the composition root reads the same store: the last outcome, not "nothing yet".
    const status = await rig.say('status aks-legacy', { conversation: 'channel' });
    const statusText = status.replies.map((r) => `${String(r.body?.text ?? '')} ${r.body?.attachments ? cardText(cardOf(r)) : ''}`).join(' ');
    expect(statusText).toMatch(/aks-legacy/);
    expect(statusText).toMatch(/succeeded/);
    expect(statusText).not.toMatch(/Nothing yet/);
  }, 60_000);
});
