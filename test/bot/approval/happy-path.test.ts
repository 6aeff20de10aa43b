// Request -> approval card in the same thread -> another user approves -> the decided card replaces
// it for everyone -> the PUT is accepted by the emulator. Over real HTTP (bot, connector, emulator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../harness.ts';
import { executeActions, postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from './approval-harness.ts';

let rig: ApprovalRig;
beforeAll(async () => {
  rig = await startApprovalRig();
});
afterAll(async () => {
  await rig?.stop();
});

describe('approval happy paths', () => {
  it('aks-legacy to overlay with pod cidr 192.168.0.0/16: requested in a channel, approved by another user, PUT accepted', async () => {
    const { status, replies } = await rig.say('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', { conversation: 'channel' });
    expect(status).toBe(200);
    expect(replies.filter((r) => r.body?.text)).toEqual([]);
    const cards = postedApprovalCards(rig.connector);
    expect(cards).toHaveLength(1);
    const posted = cards[0];
    // same thread as the request
    expect(posted.conversationId).toBe('19:general@thread.tacv2;messageid=1700000000000');
    // posted view: read-only for everyone, approvers (roster, not the requester) refresh to the actionable view
    expect(posted.card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: posted.requestId } },
      userIds: [USERS.approver.id, USERS.bystander.id] });
    const text = cardText(posted.card);
    expect(text).toMatch(/IRREVERSIBLE/);
    expect(text).toContain('<at>Approver</at>');
    expect(text).not.toContain('<at>Requester</at>');
    expect(executeActions(posted.card).map((a) => a.verb)).toEqual(['refresh', 'refresh']);
    expect((posted.card.msteams as { entities: { mentioned: { id: string } }[] }).entities.map((e) => e.mentioned.id))
      .toEqual([USERS.approver.id, USERS.bystander.id]);

    // refresh: the approver gets Approve/Reject with only the request id; the requester a read-only view
    const forApprover = await rig.click('refresh', { requestId: posted.requestId }, { conversation: 'channel', user: USERS.approver });
    const verbs = executeActions(forApprover.card).filter((a) => a.verb !== 'refresh');
    expect(verbs.map((a) => a.verb)).toEqual(['approve', 'reject']);
    for (const a of verbs) expect(a.data).toEqual({ requestId: posted.requestId });
    expect(JSON.stringify(forApprover.card)).toContain('"id":"confirm"');
    expect(JSON.stringify(forApprover.card)).toContain('"id":"ack"');
    const forRequester = await rig.click('refresh', { requestId: posted.requestId }, { conversation: 'channel', user: USERS.requester });
    expect(executeActions(forRequester.card).filter((a) => a.verb === 'approve')).toEqual([]);

    expect(rig.puts('aks-legacy').all).toBe(0);
    const approved = await rig.click('approve', { requestId: posted.requestId, confirm: 'aks-legacy', ack: 'true' },
      { conversation: 'channel', user: USERS.approver, replyToId: posted.id });
    expect(approved.status).toBe(200);
    expect(approved.body?.statusCode).toBe(200);
    const decided = cardText(approved.card);
    expect(decided).toMatch(/Approved/);
    expect(decided).toContain('Approver');
    // the card is replaced for everyone (update of the stored card activity)
    const update = rig.connector.activities.find((r) => r.kind === 'update' && r.activityId === posted.id);
    expect(cardText(update?.body)).toMatch(/Approved/);
    await until(() => rig.puts('aks-legacy').accepted === 1, 'the PUT of aks-legacy');
    await rig.app.approvals.drain();
    expect(rig.puts('aks-legacy')).toEqual({ all: 1, accepted: 1 });
    const request = rig.app.approvals.get(posted.requestId);
    expect(request?.state).toBe('running');
    expect(request?.podCidr).toBe('192.168.0.0/16');
    expect(rig.app.store.operations.byRequest(posted.requestId)?.asyncOperationUrl).toMatch(/operations/);

    // history shows the audit trail
    const { replies: hist } = await rig.say('history aks-legacy', { conversation: 'channel' });
    const h = cardText(hist[0]?.body);
    for (const word of ['Requested', 'Approved', 'Update started']) expect(h).toContain(word);
    expect(h).toContain('Azure CNI Overlay with pod CIDR 192.168.0.0/16');
    // the same trail in Japanese: details are rendered from audit notes, not stored English
    const { replies: histJa } = await rig.say('履歴 aks-legacy', { conversation: 'channel' });
    const hj = cardText(histJa[0]?.body);
    expect(hj).toContain('Azure CNI オーバーレイ（ポッド CIDR 192.168.0.0/16）');
    expect(hj).not.toContain('pod CIDR');
    expect(hj).not.toContain('pod cidr');
  });

  it('aks-overlay to cilium: requested in a group chat, approved, PUT accepted with the cilium change', async () => {
    await rig.say('enable cilium on aks-overlay', { conversation: 'groupChat' });
    const posted = postedApprovalCards(rig.connector).find((c) => c.conversationId === '19:group@thread.v2');
    expect(posted).toBeDefined();
    const r = rig.app.approvals.get(posted!.requestId)!;
    expect(r.plan.networkProfile).toEqual({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
    const ack = r.report.warnings.length > 0 ? { ack: 'true' } : {};
    const approved = await rig.click('approve', { requestId: posted!.requestId, confirm: 'AKS-OVERLAY ', ...ack },
      { conversation: 'groupChat', user: USERS.approver, replyToId: posted!.id });
    expect(cardText(approved.card)).toMatch(/Approved/);
    await until(() => rig.puts('aks-overlay').accepted === 1, 'the PUT of aks-overlay');
    await rig.app.approvals.drain();
    expect(rig.puts('aks-overlay')).toEqual({ all: 1, accepted: 1 });
  });
});
