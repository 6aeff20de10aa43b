// Every refusal of an approval, over real HTTP: the clicker gets a card saying exactly why, and no
// update reaches the emulator. Also tampered data, one request per cluster, cancel and concurrency.
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

/** Requests `text` in the channel and returns the request id of the card it posted. */
async function request(text: string): Promise<{ requestId: string; cardId: string }> {
  const before = postedApprovalCards(rig.connector).length;
  await rig.say(text, { conversation: 'channel' });
  const cards = postedApprovalCards(rig.connector);
  expect(cards.length).toBe(before + 1);
  const last = cards[cards.length - 1];
  return { requestId: last.requestId, cardId: last.id };
}

const asApprover = { conversation: 'channel' as const, user: USERS.approver };

describe('approval refusals (no PUT)', () => {
  it('self-approval, wrong confirm and missing ack are refused with their reason; the request stays pending', async () => {
    const { requestId } = await request('enable cilium on aks-calico');
    const self = await rig.click('approve', { requestId, confirm: 'aks-calico', ack: 'true' }, { conversation: 'channel', user: USERS.requester });
    expect(cardText(self.card)).toContain('Reason code: self-approval');
    expect(cardText(self.card)).toMatch(/someone else must approve/);
    expect(executeActions(self.card)).toEqual([]);
    const wrong = await rig.click('approve', { requestId, confirm: 'aks-legacy', ack: 'true' }, asApprover);
    expect(cardText(wrong.card)).toContain('Reason code: confirm-mismatch');
    // a typo is fixed on the approval card: the refusal leads back to it (verb refresh, only the request id)
    expect(executeActions(wrong.card)).toEqual([{ type: 'Action.Execute', verb: 'refresh', data: { requestId }, title: 'Back to the approval card' }]);
    const noAck = await rig.click('approve', { requestId, confirm: 'aks-calico' }, asApprover);
    expect(cardText(noAck.card)).toContain('Reason code: ack-missing');
    const ackFalse = await rig.click('approve', { requestId, confirm: 'aks-calico', ack: 'false' }, asApprover);
    expect(cardText(ackFalse.card)).toContain('Reason code: ack-missing');
    expect(rig.app.approvals.get(requestId)?.state).toBe('pending');

    // one open request per cluster: the second names the first and who holds it
    const second = await rig.say('enable cilium on aks-calico', { conversation: 'channel', user: USERS.bystander });
    expect(String(second.replies[0]?.body?.text)).toContain(requestId);
    expect(String(second.replies[0]?.body?.text)).toContain('Requester');

    // reject records who and why and replaces the card; a later approve is "already decided"
    const rejected = await rig.click('reject', { requestId, reason: 'not this week' }, asApprover);
    expect(cardText(rejected.card)).toMatch(/Rejected/);
    expect(cardText(rejected.card)).toContain('not this week');
    const late = await rig.click('approve', { requestId, confirm: 'aks-calico', ack: 'true' }, asApprover);
    expect(cardText(late.card)).toContain('Reason code: already-decided');
    expect(executeActions(late.card)).toEqual([]);
    expect(rig.puts('aks-calico').all).toBe(0);
  });

  it('expired (clock moved past APPROVAL_TTL_MINUTES): refused, and the card shows expired for everyone', async () => {
    const { requestId, cardId } = await request('enable cilium on aks-ipmasq');
    rig.clock.advanceMinutes(4 * 60 + 1);
    const late = await rig.click('approve', { requestId, confirm: 'aks-ipmasq', ack: 'true' }, asApprover);
    expect(cardText(late.card)).toContain('Reason code: expired');
    expect(rig.app.approvals.get(requestId)?.state).toBe('expired');
    const update = rig.connector.activities.find((r) => r.kind === 'update' && r.activityId === cardId);
    expect(cardText(update?.body)).toMatch(/Expired/);
    expect(rig.puts('aks-ipmasq').all).toBe(0);
  });

  it('cluster changed after the preflight (eTag moved by a tags PUT): refused as cluster-changed, no migration PUT', async () => {
    const { requestId } = await request('enable cilium on aks-podsubnet');
    const cs = rig.app.backend.clients.containerService('6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00', 'write');
    const live = await cs.managedClusters.get('rg-demo', 'aks-podsubnet');
    const poller = await cs.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-podsubnet', { ...live, tags: { owner: 'someone' } });
    await poller.pollUntilDone();
    expect(rig.puts('aks-podsubnet')).toEqual({ all: 1, accepted: 1 });
    const r = await rig.click('approve', { requestId, confirm: 'aks-podsubnet', ack: 'true' }, asApprover);
    expect(cardText(r.card)).toContain('Reason code: cluster-changed');
    await rig.app.approvals.drain();
    expect(rig.puts('aks-podsubnet').all).toBe(1);
    expect(rig.app.approvals.get(requestId)?.state).toBe('pending');
  });

  it('tampered or unknown data: a clear card, never an exception, nothing changes', async () => {
    const { requestId } = await request('upgrade aks-kubenet to overlay');
    const cases: [string, unknown][] = [
      ['missing data', undefined],
      ['no request id', { confirm: 'aks-kubenet' }],
      ['bad id characters', { requestId: '../../etc/passwd' }],
      ['oversized confirm', { requestId, confirm: 'x'.repeat(5000) }],
      ['array', [requestId]],
    ];
    for (const [what, data] of cases) {
      const r = await rig.click('approve', data, asApprover);
      expect(r.status, what).toBe(200);
      expect(cardText(r.card), what).toMatch(/not valid/);
    }
    const unknown = await rig.click('approve', { requestId: 'no-such-request', confirm: 'aks-kubenet', ack: 'true' }, asApprover);
    expect(cardText(unknown.card)).toContain('Reason code: unknown-request');
    // a real request id clicked from another conversation (foreign)
    const foreign = await rig.click('approve', { requestId, confirm: 'aks-kubenet', ack: 'true' }, { conversation: 'groupChat', user: USERS.approver });
    expect(cardText(foreign.card)).toContain('Reason code: unknown-request');
    const verb = await rig.click('approve-all', { requestId }, asApprover);
    expect(verb.status).toBe(200);
    expect(cardText(verb.card)).toMatch(/not supported/);
    expect(rig.app.approvals.get(requestId)?.state).toBe('pending');
    expect(rig.puts('aks-kubenet').all).toBe(0);

    // cancel by the requester withdraws it and the card says so for everyone
    const cancel = await rig.say('cancel aks-kubenet', { conversation: 'channel' });
    expect(String(cancel.replies[0]?.body?.text)).toMatch(/withdrawn/);
    expect(rig.app.approvals.get(requestId)?.state).toBe('cancelled');
  });

  it('50 concurrent approvals start exactly one PUT', async () => {
    const { requestId } = await request('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16');
    const clicks = await Promise.all(Array.from({ length: 50 }, () =>
      rig.click('approve', { requestId, confirm: 'aks-legacy', ack: 'true' }, asApprover)));
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    const winners = clicks.filter((c) => /Approved/.test(cardText(c.card)));
    expect(winners).toHaveLength(1);
    expect(clicks.filter((c) => cardText(c.card).includes('Reason code: already-decided'))).toHaveLength(49);
    await until(() => rig.puts('aks-legacy').all >= 1, 'the PUT');
    await rig.app.approvals.drain();
    await new Promise((r) => setTimeout(r, 200)); // an absence (no second PUT): nothing to poll for, so a short grace period
    expect(rig.puts('aks-legacy')).toEqual({ all: 1, accepted: 1 });
  });
});
