// Attack: a properly signed activity from a tenant that is not allowed (ALLOWED_TENANTS defaults to
// MicrosoftAppTenantId under production rules). It is refused with a clear message, its conversation
// reference is not stored (the check runs before anything is remembered), and nothing reaches the emulator.
import { describe, expect, it } from 'vitest';
import { OTHER_TENANT, PEOPLE, replyText, useProductionRig, TENANT } from './production-rig.ts';

describe('attack: a signed activity from another tenant', () => {
  const rig = useProductionRig();

  it('ALLOWED_TENANTS defaulted to the bot tenant', () => {
    expect(rig.config.allowedTenants).toEqual([TENANT]);
  });

  it('a message is refused, its conversation is not stored, the emulator sees nothing', async () => {
    const before = (await rig.emulatorLog()).length;
    const msg = rig.message('check aks-legacy', { where: 'personal', tenant: OTHER_TENANT, conversationId: 'a:foreign-tenant', user: PEOPLE.approver });
    const res = await rig.post(msg);
    expect(res.status).toBe(200);
    await expect.poll(() => rig.repliesTo(msg.id).length).toBe(1);
    expect(replyText(rig.repliesTo(msg.id)[0])).toContain('not allowed to use NetPilot (ALLOWED_TENANTS)');
    expect(rig.app.store.conversations.get('a:foreign-tenant')).toBeUndefined();
    expect(await rig.emulatorLog()).toHaveLength(before);
  }, 30_000);

  it('a channel message is refused and neither the thread nor the channel is stored', async () => {
    const msg = rig.message('notify this channel', { tenant: OTHER_TENANT, user: PEOPLE.approver, conversationId: '19:foreign@thread.tacv2;messageid=1' });
    msg.channelData = { tenant: { id: OTHER_TENANT }, channel: { id: '19:foreign@thread.tacv2' } };
    await rig.post(msg);
    await expect.poll(() => rig.repliesTo(msg.id).length).toBe(1);
    expect(rig.app.store.conversations.get('19:foreign@thread.tacv2')).toBeUndefined();
    expect(rig.app.store.conversations.get('19:foreign@thread.tacv2;messageid=1')).toBeUndefined();
    expect(rig.app.store.conversations.listSubscribed()).toEqual([]);
  }, 30_000);

  it('a card action is answered with a refusal card, stores nothing and changes nothing', async () => {
    const before = (await rig.emulatorLog()).length;
    const click = rig.invoke('approve', { requestId: 'r-anything', confirm: 'aks-legacy' },
      { tenant: OTHER_TENANT, user: PEOPLE.approver, where: 'personal', conversationId: 'a:foreign-click' });
    const res = await rig.post(click);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('ALLOWED_TENANTS');
    expect(rig.app.store.conversations.get('a:foreign-click')).toBeUndefined();
    expect(rig.app.store.requests.listByState(['pending', 'approved', 'running'])).toEqual([]);
    expect(await rig.emulatorLog()).toHaveLength(before);
  }, 30_000);
});
