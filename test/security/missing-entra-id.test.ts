// Attack: under production rules, an activity without `from.aadObjectId` requests, approves, rejects or
// withdraws. Each is refused with a clear message (who are you?), no request is created or decided,
// and no update reaches the emulator.
import { describe, expect, it } from 'vitest';
import { PEOPLE, replyText, useProductionRig } from './production-rig.ts';

const anonymous = (id: string) => ({ id, name: 'No Entra id' });

describe('attack: acting without an Entra object id', () => {
  const rig = useProductionRig();

  it('a request without aadObjectId is refused before the cluster is read; nothing is stored', async () => {
    const before = (await rig.emulatorLog()).length;
    const msg = rig.message('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', { user: anonymous('29:no-aad') });
    await rig.post(msg);
    await expect.poll(() => rig.repliesTo(msg.id).length).toBe(1);
    expect(replyText(rig.repliesTo(msg.id)[0])).toContain('did not say who you are in Entra ID');
    expect(rig.app.store.requests.listByState(['pending', 'approved', 'running'])).toEqual([]);
    expect(await rig.emulatorLog()).toHaveLength(before);
  }, 30_000);

  it('approve, reject and cancel without aadObjectId are refused; the request stays pending; no PUT', async () => {
    await rig.post(rig.message('enable cilium on aks-overlay'));
    const [pending] = rig.app.store.requests.listByState(['pending']);
    expect(pending?.cluster.name).toBe('aks-overlay');
    const ack = pending.report.warnings.length > 0 ? { ack: 'true' } : {};
    const before = (await rig.emulatorLog()).length;
    // the approver's Teams id without the Entra id: the desk must not fall back to the Teams id
    const noAad = anonymous(PEOPLE.approver.id);

    const approve = await rig.post(rig.invoke('approve', { requestId: pending.id, confirm: 'aks-overlay', ...ack }, { user: noAad }));
    expect(JSON.stringify(approve.body)).toContain('did not say who you are in Entra ID');
    const reject = await rig.post(rig.invoke('reject', { requestId: pending.id }, { user: noAad }));
    expect(JSON.stringify(reject.body)).toContain('did not say who you are in Entra ID');
    const cancel = rig.message('cancel aks-overlay', { user: anonymous(PEOPLE.requester.id) });
    await rig.post(cancel);
    await expect.poll(() => rig.repliesTo(cancel.id).length).toBe(1);
    expect(replyText(rig.repliesTo(cancel.id)[0])).toContain('did not say who you are in Entra ID');

    expect(rig.app.store.requests.get(pending.id)?.state).toBe('pending');
    expect(rig.app.store.audit.listByRequest(pending.id).map((e) => e.kind)).toEqual(['requested']);
    expect((await rig.emulatorLog()).slice(before).filter((l) => l.method !== 'GET')).toEqual([]);
  }, 30_000);
});
