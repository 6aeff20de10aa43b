// Attack: with production rules on, an unauthenticated POST carrying a forged `from.aadObjectId` (the
// approver's) tries to approve a pending request. It gets 401, nothing reaches the emulator, the
// request stays pending and the attacker's conversation is not stored. The same approval, properly
// signed by the real approver, goes through (the rig is live, only the forgery is refused).
import { describe, expect, it } from 'vitest';
import { PEOPLE, useProductionRig } from './production-rig.ts';

describe('attack: unauthenticated approval with a forged aadObjectId', () => {
  const rig = useProductionRig();

  it('gets 401; no request reaches the emulator; the request stays pending; the signed approval works', async () => {
    const asked = await rig.post(rig.message('enable cilium on aks-overlay'));
    expect(asked.status).toBe(200);
    const [pending] = rig.app.store.requests.listByState(['pending']);
    expect(pending?.cluster.name).toBe('aks-overlay');
    const ack = pending.report.warnings.length > 0 ? { ack: 'true' } : {};
    const before = (await rig.emulatorLog()).length;

    const forged = rig.invoke('approve', { requestId: pending.id, confirm: 'aks-overlay', ...ack },
      { user: PEOPLE.approver, conversationId: 'a:attacker-conversation' });
    const unsigned = await rig.post(forged, false);
    expect(unsigned.status).toBe(401);
    const message = rig.message('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', { user: PEOPLE.approver, conversationId: 'a:attacker-conversation' });
    expect((await rig.post(message, false)).status).toBe(401);

    expect(await rig.emulatorLog()).toHaveLength(before);
    expect(rig.app.store.requests.get(pending.id)?.state).toBe('pending');
    expect(rig.app.store.requests.listByState(['pending', 'approved', 'running'])).toHaveLength(1);
    expect(rig.app.store.conversations.get('a:attacker-conversation')).toBeUndefined();
    expect(rig.connector.activities.filter((r) => r.conversationId === 'a:attacker-conversation')).toEqual([]);

    const signed = await rig.post(rig.invoke('approve', { requestId: pending.id, confirm: 'aks-overlay', ...ack }, { user: PEOPLE.approver }));
    expect(signed.status).toBe(200);
    expect(JSON.stringify(signed.body)).toMatch(/Approved/);
    await expect.poll(async () => (await rig.emulatorLog()).filter((l) => l.method === 'PUT' && /managedClusters\/aks-overlay$/i.test(l.path) && l.status < 300).length,
      { timeout: 15_000 }).toBe(1);
  }, 60_000);
});
