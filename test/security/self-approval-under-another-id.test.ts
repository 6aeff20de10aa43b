// Attack: the requester approves their own request under their other id. Four-eyes compares both the
// Entra object id and the Teams user id: a request recorded under one of them cannot be approved by
// an activity carrying the other. Shown in demo mode (where a request may come without aadObjectId,
// so the requester is recorded by Teams id) and under production rules (both ids recorded).
import { afterEach, describe, expect, it } from 'vitest';
import { startApprovalRig, USERS, type ApprovalRig } from '../bot/approval/approval-harness.ts';
import { cardText } from '../bot/harness.ts';
import { PEOPLE, startProductionRig, type ProductionRig } from './production-rig.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

describe('attack: self-approval under another id', () => {
  it('demo: requested by Teams id only, approved with an Entra id of APPROVERS by the same Teams user: refused', async () => {
    const rig: ApprovalRig = await startApprovalRig({ APPROVERS: USERS.approver.aadObjectId });
    stops.push(() => rig.stop());
    // the requester's Teams id, no Entra id in the activity
    const requester = { id: USERS.requester.id, name: 'Requester' } as unknown as typeof USERS.requester;
    await rig.say('enable cilium on aks-overlay', { conversation: 'channel', user: requester });
    const [pending] = rig.app.store.requests.listByState(['pending']);
    expect(pending?.requester.id).toBe(USERS.requester.id);
    const ack = pending.report.warnings.length > 0 ? { ack: 'true' } : {};
    // same Teams user, now claiming the approver's Entra id
    const sameTeamsUser = { ...USERS.approver, id: USERS.requester.id };
    const res = await rig.click('approve', { requestId: pending.id, confirm: 'aks-overlay', ...ack }, { conversation: 'channel', user: sameTeamsUser });
    expect(cardText(res.card)).toContain('Reason code: self-approval');
    expect(rig.app.store.requests.get(pending.id)?.state).toBe('pending');
    expect(rig.puts('aks-overlay').all).toBe(0);
  }, 60_000);

  it('production rules: both ids of the requester are recorded; an approver id on the requester\'s Teams id is refused', async () => {
    const rig: ProductionRig = await startProductionRig();
    stops.push(() => rig.stop());
    await rig.post(rig.message('enable cilium on aks-overlay'));
    const [pending] = rig.app.store.requests.listByState(['pending']);
    expect(pending?.requester).toMatchObject({ id: PEOPLE.requester.aadObjectId, aliases: [PEOPLE.requester.id] });
    const ack = pending.report.warnings.length > 0 ? { ack: 'true' } : {};
    const before = (await rig.emulatorLog()).length;
    const res = await rig.post(rig.invoke('approve', { requestId: pending.id, confirm: 'aks-overlay', ...ack },
      { user: { ...PEOPLE.approver, id: PEOPLE.requester.id } }));
    expect(JSON.stringify(res.body)).toContain('self-approval');
    expect(rig.app.store.requests.get(pending.id)?.state).toBe('pending');
    expect((await rig.emulatorLog()).slice(before).filter((l) => l.method === 'PUT')).toEqual([]);
  }, 60_000);
});
