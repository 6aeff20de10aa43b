// Attack: someone who is not an approver subscribes (or unsubscribes) a channel to redirect where
// approval cards go. Refused with the fix (APPROVERS); the store's subscriptions do not change. An
// approver may subscribe.
import { describe, expect, it } from 'vitest';
import { CHANNEL, PEOPLE, replyText, useProductionRig } from './production-rig.ts';

describe('attack: a non-approver redirects approval cards', () => {
  const rig = useProductionRig();

  it('subscribe by a bystander is refused and nothing is subscribed', async () => {
    const before = (await rig.emulatorLog()).length;
    const msg = rig.message('notify this channel', { user: PEOPLE.bystander });
    await rig.post(msg);
    await expect.poll(() => rig.repliesTo(msg.id).length).toBe(1);
    expect(replyText(rig.repliesTo(msg.id)[0])).toContain('Only approvers can choose where approval cards go');
    expect(rig.app.store.conversations.listSubscribed()).toEqual([]);
    expect(await rig.emulatorLog()).toHaveLength(before);
  }, 30_000);

  it('an approver subscribes; a bystander cannot unsubscribe it', async () => {
    const ok = rig.message('notify this channel', { user: PEOPLE.approver });
    await rig.post(ok);
    await expect.poll(() => rig.repliesTo(ok.id).length).toBe(1);
    expect(rig.app.store.conversations.listSubscribed().map((c) => c.conversationId)).toEqual([CHANNEL]);

    const no = rig.message('stop notifying this channel', { user: PEOPLE.bystander });
    await rig.post(no);
    await expect.poll(() => rig.repliesTo(no.id).length).toBe(1);
    expect(replyText(rig.repliesTo(no.id)[0])).toContain('Only approvers');
    expect(rig.app.store.conversations.listSubscribed().map((c) => c.conversationId)).toEqual([CHANNEL]);
  }, 30_000);
});
