// Attack: with VIEWERS set, a user of the allowed tenant who is neither viewer, requester nor approver
// reads the fleet (`check`, `list`, `status`, `history`). (A choose-a-cluster card runs the same guarded
// handlers: test/bot/commands/permissions.test.ts.)
// Each is refused with the fix (VIEWERS) and nothing reaches the emulator; viewers and approvers still read.
import { describe, expect, it } from 'vitest';
import { PEOPLE, replyText, useProductionRig } from './production-rig.ts';

describe('attack: reading without being a viewer', () => {
  const rig = useProductionRig({ VIEWERS: PEOPLE.viewer.aadObjectId, REQUESTERS: PEOPLE.requester.aadObjectId });

  for (const text of ['check aks-legacy', 'list clusters', 'status', 'history aks-legacy']) {
    it(`"${text}" by a bystander is refused and reaches no cluster`, async () => {
      const before = (await rig.emulatorLog()).length;
      const msg = rig.message(text, { user: PEOPLE.bystander });
      expect((await rig.post(msg)).status).toBe(200);
      await expect.poll(() => rig.repliesTo(msg.id).length).toBe(1);
      expect(replyText(rig.repliesTo(msg.id)[0])).toContain('not allowed to read cluster information');
      expect(replyText(rig.repliesTo(msg.id)[0])).toContain('VIEWERS');
      expect(await rig.emulatorLog()).toHaveLength(before);
    }, 30_000);
  }

  for (const who of ['viewer', 'requester', 'approver'] as const) {
    it(`the ${who} may check`, async () => {
      const msg = rig.message('check aks-legacy', { user: PEOPLE[who] });
      await rig.post(msg);
      await expect.poll(() => rig.repliesTo(msg.id).length, { timeout: 15_000 }).toBe(1);
      expect(replyText(rig.repliesTo(msg.id)[0])).not.toContain('not allowed');
      expect(replyText(rig.repliesTo(msg.id)[0])).toContain('aks-legacy');
    }, 30_000);
  }
});
