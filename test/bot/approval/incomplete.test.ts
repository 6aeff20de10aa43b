// Failed or partial migrations through chat (issue 11): a cluster whose networkProfile is already at
// the target but whose last migration failed is checked as incomplete, and `upgrade` on it goes
// through the normal approval (card, re-check, eTag) and sends the same update once. Real HTTP (bot,
// connector, emulator) over test/fixtures/fleets/incomplete.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../harness.ts';
import { executeActions, postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from './approval-harness.ts';

const fleet: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/fleets/incomplete.json'), 'utf8'));

let rig: ApprovalRig;
beforeAll(async () => {
  rig = await startApprovalRig({}, { fleet });
});
afterAll(async () => {
  await rig?.stop();
});

describe('finishing a failed migration from chat', () => {
  it('check shows incomplete with the finishing command, in English and Japanese', async () => {
    const { replies } = await rig.say('check aks-overlay for overlay', { conversation: 'channel' });
    const text = cardText(replies[0]?.body);
    expect(text).toContain('MIGRATION TO Azure CNI Overlay NOT FINISHED');
    expect(text).toContain('migration-incomplete');
    expect(text).toContain('`upgrade aks-overlay to overlay`');
    const ja = await rig.say('aks-overlay はオーバーレイに移行できますか', { conversation: 'channel' });
    expect(cardText(ja.replies[0]?.body)).toContain('Azure CNI オーバーレイ への移行が完了していません');
    expect(rig.puts('aks-overlay').all).toBe(0);
  });

  it('upgrade on a not-needed target still gets no request', async () => {
    const { replies } = await rig.say('upgrade aks-cilium to overlay', { conversation: 'channel' });
    expect(replies.map((r) => r.body?.text)).toContain('aks-cilium already runs overlay: there is nothing to request.');
    expect(postedApprovalCards(rig.connector)).toEqual([]);
    expect(rig.puts('aks-cilium').all).toBe(0);
  });

  it('upgrade aks-overlay to overlay: approval card, approved by another user, one PUT with the same profile', async () => {
    const { replies } = await rig.say('upgrade aks-overlay to overlay', { conversation: 'channel' });
    expect(replies.filter((r) => r.body?.text)).toEqual([]);
    const cards = postedApprovalCards(rig.connector);
    expect(cards).toHaveLength(1);
    const posted = cards[0];
    const request = rig.app.approvals.get(posted.requestId)!;
    expect(request.report).toMatchObject({ verdict: 'incomplete', blockers: [], warnings: ['migration-incomplete'] });
    // the plan is the target's networkProfile with the pod CIDR the cluster already has
    expect(request.plan.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'] });
    expect(cardText(posted.card)).toMatch(/incomplete \(this finishes the migration\)/);

    const forApprover = await rig.click('refresh', { requestId: posted.requestId }, { conversation: 'channel', user: USERS.approver });
    expect(executeActions(forApprover.card).filter((a) => a.verb !== 'refresh').map((a) => a.verb)).toEqual(['approve', 'reject']);
    expect(JSON.stringify(forApprover.card)).toContain('"id":"ack"');
    // the finding must be acknowledged like any warning
    const noAck = await rig.click('approve', { requestId: posted.requestId, confirm: 'aks-overlay' },
      { conversation: 'channel', user: USERS.approver, replyToId: posted.id });
    expect(cardText(noAck.card)).toContain('The warnings were not acknowledged.');
    expect(rig.puts('aks-overlay').all).toBe(0);

    const approved = await rig.click('approve', { requestId: posted.requestId, confirm: 'aks-overlay', ack: 'true' },
      { conversation: 'channel', user: USERS.approver, replyToId: posted.id });
    expect(cardText(approved.card)).toMatch(/Approved/);
    await until(() => rig.puts('aks-overlay').accepted === 1, 'the PUT of aks-overlay');
    await rig.app.approvals.drain();
    expect(rig.puts('aks-overlay')).toEqual({ all: 1, accepted: 1 });
    const op = rig.app.store.operations.byRequest(posted.requestId)!;
    expect(op.change).toEqual(request.plan.networkProfile);
    // the same update: every field it sets already had that value before the PUT
    for (const [field, value] of Object.entries(op.change)) expect(op.before[field], field).toEqual(value);
    expect(rig.app.approvals.get(posted.requestId)?.decision?.eTag).toBe(request.eTag);
  });
});
