// A plan step that becomes blocked between steps, across a restart: step 1 (Overlay) of aks-kubenet
// is approved, NetPilot stops while it runs, the fleet changes meanwhile (node auto-provisioning
// switched on, which Cilium refuses), NetPilot starts again: the watcher resumes from the store, the
// final message of step 1 arrives, and the bot posts step 2's new blockers (no approval card, no
// request, no PUT for Cilium). A further restart posts nothing again; a hand-off claimed by a process
// that died before posting it is finished by the next start (recovery from the stored plan).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText } from '../harness.ts';
import { executeActions, postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from '../approval/approval-harness.ts';
import { aksClient } from '../../emulator/helpers.ts';
import type { Recorded } from '../../fakes/local-connector.ts';
import { openStore } from '../../../services/store/index.ts';

const CLUSTER = 'aks-kubenet';
let rig: ApprovalRig;
beforeAll(async () => {
  // Slower than the other rigs: step 1 must still run when NetPilot stops.
  rig = await startApprovalRig({}, { speed: 150 });
});
afterAll(async () => {
  await rig?.stop();
});

const text = (r: Recorded): string => `${String(r.body?.text ?? '')}\n${cardOf(r) ? cardText(cardOf(r)) : ''}`;

describe('a plan step blocked between steps', () => {
  it('posts the new blockers of step 2 instead of an approval card, once, after a restart', async () => {
    const asked = await rig.say(`plan ${CLUSTER} to cilium`, { conversation: 'channel' });
    const planReply = asked.replies.find((r) => cardOf(r) && executeActions(cardOf(r)).length === 1)!;
    const [offer] = executeActions(cardOf(planReply));
    await rig.click('requestPlanStep', offer.data, { conversation: 'channel', replyToId: planReply.id });
    const [approval] = postedApprovalCards(rig.connector);
    await rig.click('approve', { requestId: approval.requestId, confirm: CLUSTER, ack: 'true' },
      { conversation: 'channel', user: USERS.approver, replyToId: approval.id });
    await until(() => rig.app.store.operations.listRunning().length === 1, 'step 1 running');
    const thread = (): Recorded[] => rig.connector.activities.filter((a) => a.conversationId === approval.conversationId);
    const finals = (): Recorded[] => thread().filter((a) => /\b(succeeded|failed)\b/.test(String(a.body?.text ?? '')));
    const blockedText = /Step 1 of 2 \(Overlay\) on aks-kubenet is done, but step 2 \(Cilium\) is blocked now: cilium-node-auto-provisioning/;
    const blockedPosts = (): Recorded[] => thread().filter((a) => blockedText.test(String(a.body?.text ?? '')));

    await rig.restart(async () => {
      expect(finals()).toHaveLength(0); // stopped while step 1 runs
      const client = aksClient(rig.emulator);
      for (let i = 0; ; i++) {
        const c = await client.managedClusters.get('rg-demo', CLUSTER);
        if (c.provisioningState === 'Succeeded' && c.networkProfile?.networkPluginMode === 'overlay') break;
        if (i > 300) throw new Error('step 1 did not finish in the emulator');
        await new Promise((r) => setTimeout(r, 100));
      }
      // The fleet changes between the steps: node auto-provisioning on (Cilium refuses it).
      const now = await client.managedClusters.get('rg-demo', CLUSTER);
      await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', CLUSTER,
        { ...now, nodeProvisioningProfile: { mode: 'Auto' } }, { ifMatch: now.eTag, updateIntervalInMs: 50 });
    });

    await until(() => finals().length === 1 && blockedPosts().length === 1, 'the final message of step 1 and the new blockers', 30_000);
    await rig.app.watcher.idle();
    await rig.app.plans.idle();
    const post = blockedPosts()[0];
    const card = cardText(cardOf(post));
    expect(card).toMatch(/Step 1: Overlay[\s\S]*Done[\s\S]*Step 2: Cilium[\s\S]*Blocked/);
    expect(card).toContain('cilium-node-auto-provisioning');
    expect(executeActions(cardOf(post))).toEqual([]);
    expect(String(finals()[0].body?.text)).toMatch(/aks-kubenet to overlay succeeded/);
    // No approval card, no request and no PUT for step 2.
    expect(postedApprovalCards(rig.connector)).toHaveLength(1);
    const clusterId = rig.app.approvals.get(approval.requestId)!.cluster.id;
    expect(rig.app.store.requests.listByCluster(clusterId).map((r) => r.target)).toEqual(['overlay']);
    const cilium = rig.emulator.requests().filter((r) => r.method === 'PUT' && /managedclusters\/aks-kubenet$/i.test(r.path));
    expect(cilium).toHaveLength(2); // step 1 and the test's own fleet change, nothing else

    // Stored: step 2 was offered; a further restart (recovery from the store) posts nothing again.
    const planId = String(offer.data?.stepId).split('.')[0];
    expect(rig.app.store.plans.get(planId)?.steps[1]).toMatchObject({ offered: true });
    await rig.restart();
    await rig.app.plans.idle();
    expect(blockedPosts()).toHaveLength(1);
    expect(finals()).toHaveLength(1);

    // A process that died between claiming the hand-off and posting it: the next start finishes it.
    await rig.restart(async () => {
      const store = openStore(rig.dataDir);
      try {
        const plan = store.plans.get(planId)!;
        const steps = plan.steps.map((st, i) => (i === 1 ? { target: st.target, offeredAt: '2026-01-01T00:00:00.000Z' } : st));
        expect(store.plans.update(planId, plan.version, { steps })).toBe(true);
      } finally {
        store.close();
      }
    });
    await until(() => blockedPosts().length === 2, 'the hand-off finished by recovery', 30_000);
    await rig.app.plans.idle();
    expect(rig.app.store.plans.get(planId)?.steps[1]).toMatchObject({ offered: true });
    expect(postedApprovalCards(rig.connector)).toHaveLength(1);
    for (const p of blockedPosts()) expect(text(p)).toMatch(/Migration plan: aks-kubenet[\s\S]*cilium-node-auto-provisioning/);
  }, 120_000);
});
