// Attack: a personal-chat request whose approval card would land in whatever channel subscribed first
// (anyone who could subscribe a channel chose who sees and approves it). Under production rules a
// personal-chat request goes only to NETPILOT_APPROVAL_CHANNEL, and only when the bot was installed
// there; otherwise it is refused with a hint, and no request is created.
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, PEOPLE, replyText, startProductionRig, type ProductionRig } from './production-rig.ts';

const rigs: ProductionRig[] = [];
async function rig(env: Record<string, string> = {}): Promise<ProductionRig> {
  const r = await startProductionRig(env);
  rigs.push(r);
  return r;
}
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop();
});

const OTHER_CHANNEL = '19:elsewhere@thread.tacv2';

/** An approver subscribes `channel` (the bot is installed there, its reference stored). */
async function subscribe(r: ProductionRig, channel: string): Promise<void> {
  const msg = r.message('notify this channel', { user: PEOPLE.approver, conversationId: `${channel};messageid=1` });
  msg.channelData = { ...(msg.channelData as Record<string, unknown>), channel: { id: channel } };
  await r.post(msg);
  await expect.poll(() => r.app.store.conversations.listSubscribed().some((c) => c.conversationId === channel)).toBe(true);
}

async function requestFromPersonalChat(r: ProductionRig): Promise<string> {
  const msg = r.message('enable cilium on aks-overlay', { where: 'personal' });
  await r.post(msg);
  await expect.poll(() => r.repliesTo(msg.id).length, { timeout: 15_000 }).toBe(1);
  return replyText(r.repliesTo(msg.id)[0]);
}

describe('attack: a personal-chat request lands in the first subscribed channel', () => {
  it('without NETPILOT_APPROVAL_CHANNEL the request is refused with a hint even though a channel subscribed', async () => {
    const r = await rig();
    await subscribe(r, OTHER_CHANNEL);
    const before = (await r.emulatorLog()).length;
    const text = await requestFromPersonalChat(r);
    expect(text).toContain('NETPILOT_APPROVAL_CHANNEL');
    expect(r.app.store.requests.listByState(['pending', 'approved', 'running'])).toEqual([]);
    expect(r.connector.activities.filter((a) => a.conversationId === OTHER_CHANNEL && a.body?.attachments)).toEqual([]);
    // refused before the cluster is even read
    expect(await r.emulatorLog()).toHaveLength(before);
  }, 60_000);

  it('NETPILOT_APPROVAL_CHANNEL naming a conversation the bot never saw: refused, nothing stored', async () => {
    const r = await rig({ NETPILOT_APPROVAL_CHANNEL: '19:never-installed@thread.tacv2' });
    const text = await requestFromPersonalChat(r);
    expect(text).toContain('NETPILOT_APPROVAL_CHANNEL=19:never-installed@thread.tacv2');
    expect(text).toContain('add NetPilot to that channel');
    expect(r.app.store.requests.listByState(['pending', 'approved', 'running'])).toEqual([]);
  }, 60_000);

  it('with NETPILOT_APPROVAL_CHANNEL the card goes there, not to the channel that subscribed first', async () => {
    const r = await rig({ NETPILOT_APPROVAL_CHANNEL: CHANNEL });
    await subscribe(r, OTHER_CHANNEL);
    await subscribe(r, CHANNEL);
    const text = await requestFromPersonalChat(r);
    const [pending] = r.app.store.requests.listByState(['pending']);
    expect(text).toContain(pending.id);
    const sends = r.connector.activities.filter((a) => (a.kind === 'send' || a.kind === 'reply') && JSON.stringify(a.body?.attachments ?? []).includes(pending.id));
    expect(sends.map((a) => a.conversationId)).toEqual([CHANNEL]);
  }, 60_000);
});
