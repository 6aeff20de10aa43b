// Personal-chat requests go to the subscribed channel; APPROVERS narrows who may approve (roster
// mentions and refresh ids follow it); dry run sends nothing; the store survives a restart; a 412
// on the PUT posts a fresh preflight into the thread.
import { afterEach, describe, expect, it } from 'vitest';
import { cardText } from '../harness.ts';
import { postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from './approval-harness.ts';

const rigs: ApprovalRig[] = [];
async function rig(env: Record<string, string> = {}): Promise<ApprovalRig> {
  const r = await startApprovalRig(env);
  rigs.push(r);
  return r;
}
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop();
});

describe('where the approval card goes', () => {
  it('personal chat: no subscribed channel -> how to set one up, no request; subscribed -> card in the channel', async () => {
    const r = await rig();
    const none = await r.say('upgrade aks-kubenet to overlay');
    expect(String(none.replies[0]?.body?.text)).toMatch(/notify this channel/);
    expect(r.app.store.requests.listByState(['pending'])).toEqual([]);

    await r.say('notify this channel', { conversation: 'channel' });
    const sent = await r.say('upgrade aks-kubenet to overlay');
    const cards = postedApprovalCards(r.connector);
    expect(cards).toHaveLength(1);
    expect(cards[0].conversationId).toBe('19:general@thread.tacv2');
    expect(String(sent.replies[0]?.body?.text)).toContain(cards[0].requestId);
    expect(String(sent.replies[0]?.body?.text)).toContain('19:general@thread.tacv2');
    // the approver approves in the channel
    const ok = await r.click('approve', { requestId: cards[0].requestId, confirm: 'aks-kubenet', ack: 'true' },
      { conversation: 'channel', conversationId: '19:general@thread.tacv2', user: USERS.approver });
    expect(cardText(ok.card)).toMatch(/Approved/);
    await until(() => r.puts('aks-kubenet').accepted === 1, 'the PUT');
  });
});

describe('where the approval card goes in demo mode without NETPILOT_APPROVAL_CHANNEL', () => {
  it('two subscribed channels: a personal-chat request is refused naming both, never sent to the first', async () => {
    const r = await rig();
    await r.say('notify this channel', { conversation: 'channel' });
    const first = r.app.store.conversations.listSubscribed()[0];
    r.app.store.conversations.remember({ ...first, conversationId: '19:second@thread.tacv2',
      reference: { ...first.reference, conversation: { id: '19:second@thread.tacv2' } } });
    r.app.store.conversations.subscribe('19:second@thread.tacv2');
    expect(r.app.store.conversations.listSubscribed()).toHaveLength(2);
    const sent = await r.say('upgrade aks-kubenet to overlay');
    expect(String(sent.replies[0]?.body?.text)).toContain('several channels are subscribed');
    expect(String(sent.replies[0]?.body?.text)).toContain('NETPILOT_APPROVAL_CHANNEL');
    expect(postedApprovalCards(r.connector)).toEqual([]);
    expect(r.app.store.requests.listByState(['pending'])).toEqual([]);
  });
});

describe('APPROVERS', () => {
  it('only listed approvers are mentioned, refreshed and may approve; others get not-approver', async () => {
    const r = await rig({ APPROVERS: USERS.approver.aadObjectId });
    await r.say('enable cilium on aks-overlay', { conversation: 'channel' });
    const [posted] = postedApprovalCards(r.connector);
    expect((posted.card.refresh as { userIds: string[] }).userIds).toEqual([USERS.approver.id]);
    expect(cardText(posted.card)).toContain('<at>Approver</at>');
    expect(cardText(posted.card)).not.toContain('<at>Bystander</at>');
    const view = await r.click('refresh', { requestId: posted.requestId }, { conversation: 'channel', user: USERS.bystander });
    expect(JSON.stringify(view.card)).not.toContain('"verb":"approve"');
    const ack = r.app.approvals.get(posted.requestId)!.report.warnings.length > 0 ? { ack: 'true' } : {};
    const no = await r.click('approve', { requestId: posted.requestId, confirm: 'aks-overlay', ...ack }, { conversation: 'channel', user: USERS.bystander });
    expect(cardText(no.card)).toContain('Reason code: not-approver');
    const rej = await r.click('reject', { requestId: posted.requestId }, { conversation: 'channel', user: USERS.bystander });
    expect(cardText(rej.card)).toContain('Reason code: not-approver');
    expect(r.puts('aks-overlay').all).toBe(0);
    const yes = await r.click('approve', { requestId: posted.requestId, confirm: 'aks-overlay', ...ack }, { conversation: 'channel', user: USERS.approver });
    expect(cardText(yes.card)).toMatch(/Approved/);
    await until(() => r.puts('aks-overlay').accepted === 1, 'the PUT');
  });
});

describe('dry run and restart', () => {
  it('BOT_EXECUTE=false: every card says nothing is sent, and no PUT reaches the emulator', async () => {
    const r = await rig({ BOT_EXECUTE: 'false' });
    await r.say('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', { conversation: 'channel' });
    const [posted] = postedApprovalCards(r.connector);
    expect(cardText(posted.card)).toMatch(/DRY RUN/);
    const wrong = await r.click('approve', { requestId: posted.requestId, confirm: 'nope', ack: 'true' }, { conversation: 'channel', user: USERS.approver });
    expect(cardText(wrong.card)).toMatch(/DRY RUN/);
    const ok = await r.click('approve', { requestId: posted.requestId, confirm: 'aks-legacy', ack: 'true' }, { conversation: 'channel', user: USERS.approver });
    expect(cardText(ok.card)).toMatch(/DRY RUN/);
    await r.app.approvals.drain();
    await until(() => r.app.approvals.get(posted.requestId)?.state !== 'approved', 'the dry run to start');
    expect(r.puts('aks-legacy').all).toBe(0);
    expect(r.app.store.operations.byRequest(posted.requestId)).toMatchObject({ dryRun: true, asyncOperationUrl: null });
  });

  it('a pending request survives a restart of the bot and can then be approved', async () => {
    const r = await rig();
    await r.say('enable cilium on aks-calico', { conversation: 'channel' });
    const [posted] = postedApprovalCards(r.connector);
    await r.restart();
    expect(r.app.approvals.get(posted.requestId)?.state).toBe('pending');
    const ok = await r.click('approve', { requestId: posted.requestId, confirm: 'aks-calico', ack: 'true' }, { conversation: 'channel', user: USERS.approver });
    expect(cardText(ok.card)).toMatch(/Approved/);
    await until(() => r.puts('aks-calico').accepted === 1, 'the PUT after restart');
  });
});

describe('412 on the PUT', () => {
  it('the request fails as cluster changed and a fresh preflight is posted in the thread', async () => {
    const r = await rig();
    await r.say('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', { conversation: 'channel' });
    const [posted] = postedApprovalCards(r.connector);
    // approve as the service would, then move the eTag before the runner's PUT
    const request = r.app.approvals.get(posted.requestId)!;
    r.app.store.requests.update(request.id, request.version, { state: 'approved', approvedETag: 'stale-etag',
      decision: { by: { id: USERS.approver.aadObjectId, name: 'Approver' }, at: new Date().toISOString() } });
    const result = await r.app.runner.execute(r.app.approvals.get(request.id)!);
    expect(result).toMatchObject({ status: 'refused', code: 'cluster-changed', httpStatus: 412 });
    await r.app.desk.idle();
    const note = r.connector.activities.find((a) => a.kind !== 'update' && /412/.test(String(a.body?.text ?? '')));
    expect(note?.conversationId).toBe('19:general@thread.tacv2;messageid=1700000000000');
    expect(cardText(note?.body)).toContain('overlay');
    expect(r.app.approvals.get(request.id)?.state).toBe('failed');
    const update = r.connector.activities.find((a) => a.kind === 'update' && a.activityId === posted.id);
    expect(cardText(update?.body)).toMatch(/Could not start/);
    expect(cardText(update?.body)).toMatch(/cluster changed since approval/);
  });
});
