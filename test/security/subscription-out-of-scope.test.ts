// Attack: name a subscription outside AZURE_SUBSCRIPTION_IDS from chat (`-s SUB`, a resource id, or
// an upgrade of a cluster there), hoping NetPilot reads or changes it with its identity.
// Each is refused with the scope message (in the user's language) and no request names that subscription.
import { describe, expect, it } from 'vitest';
import { PEOPLE, SUB, replyText, useProductionRig } from './production-rig.ts';

const OTHER = '11111111-2222-3333-4444-555555555555';
const otherId = `/subscriptions/${OTHER}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`;

describe('attack: a subscription outside the configured scope', () => {
  const rig = useProductionRig();

  for (const text of [`check aks-legacy -s ${OTHER}`, `check ${otherId}`, `upgrade ${otherId} to overlay with pod cidr 192.168.0.0/16`, `history ${otherId}`]) {
    it(`"${text.replace(OTHER, 'OTHER')}" is refused and no request names the other subscription`, async () => {
      const msg = rig.message(text, { user: PEOPLE.requester });
      expect((await rig.post(msg)).status).toBe(200);
      await expect.poll(() => rig.repliesTo(msg.id).length, { timeout: 15_000 }).toBe(1);
      const reply = replyText(rig.repliesTo(msg.id)[0]);
      expect(reply).toContain('Subscription not allowed');
      expect(reply).toContain(OTHER);
      expect(reply).toContain(SUB);
      expect((await rig.emulatorLog()).filter((l) => l.path.toLowerCase().includes(OTHER))).toEqual([]);
    }, 30_000);
  }

  it('the configured subscription is still read', async () => {
    const msg = rig.message(`check aks-legacy -s ${SUB}`, { user: PEOPLE.requester });
    await rig.post(msg);
    await expect.poll(() => rig.repliesTo(msg.id).length, { timeout: 15_000 }).toBe(1);
    expect(replyText(rig.repliesTo(msg.id)[0])).not.toContain('not allowed');
    expect((await rig.emulatorLog()).some((l) => l.path.toLowerCase().includes(SUB))).toBe(true);
    expect((await rig.emulatorLog()).filter((l) => l.path.toLowerCase().includes(OTHER))).toEqual([]);
  }, 30_000);
});
