// Attack: a properly signed activity from another Bot Framework channel (webchat; the token's key is
// endorsed for it, so token validation passes). Under production rules only `msteams` is served: the
// message gets no answer and stores nothing, an invoke gets 403, and nothing reaches the emulator.
import { describe, expect, it } from 'vitest';
import { PEOPLE, useProductionRig } from './production-rig.ts';

describe('attack: a signed activity from a channel other than msteams', () => {
  const rig = useProductionRig();

  it('a webchat message is not served: no reply, no stored conversation, no request, no emulator call', async () => {
    const before = (await rig.emulatorLog()).length;
    const msg = rig.message('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16',
      { channelId: 'webchat', where: 'personal', conversationId: 'webchat-conv-1', user: PEOPLE.approver });
    const res = await rig.post(msg);
    expect(res.status).toBe(200);
    // the same message from msteams is answered: the absence of a reply below is the gate, not a slow bot
    const control = rig.message('help', { where: 'personal', user: PEOPLE.viewer });
    await rig.post(control);
    await expect.poll(() => rig.repliesTo(control.id).length).toBe(1);
    expect(rig.repliesTo(msg.id)).toEqual([]);
    expect(rig.connector.activities.filter((r) => r.conversationId === 'webchat-conv-1')).toEqual([]);
    expect(rig.app.store.conversations.get('webchat-conv-1')).toBeUndefined();
    expect(rig.app.store.requests.listByState(['pending', 'approved', 'running'])).toEqual([]);
    expect(await rig.emulatorLog()).toHaveLength(before);
    expect(rig.logs.join('')).toContain('activity from a channel other than msteams refused');
  }, 30_000);

  it('a webchat card action gets 403 and changes nothing', async () => {
    const before = (await rig.emulatorLog()).length;
    const click = rig.invoke('approve', { requestId: 'r-1', confirm: 'aks-legacy' }, { channelId: 'webchat', user: PEOPLE.approver, conversationId: 'webchat-conv-2' });
    const res = await rig.post(click);
    expect(res.status).toBe(403);
    expect(rig.app.store.conversations.get('webchat-conv-2')).toBeUndefined();
    expect(await rig.emulatorLog()).toHaveLength(before);
  }, 30_000);
});
