// Demo plans for the plan card (what `npm run cards:render` draws and the snapshot tests check):
// aks-kubenet on its way to Overlay + Cilium, before step 1 and after it with step 2 blocked.
import { msg } from '../../services/preflight/messages.ts';
import type { PathPlan, PlanStep } from '../../services/planning/types.ts';
import { DEMO_SUBSCRIPTION } from './demo-data.ts';

const az = `az aks update -g rg-demo -n aks-kubenet --subscription ${DEMO_SUBSCRIPTION}`;
const estimate = { minutes: 15, nodes: 3, pools: 1, minutesPerBatch: 5 };

const overlayStep: PlanStep = {
  target: 'overlay', state: 'ready', verdict: 'ready', finishing: false, projected: false, blockers: [],
  warnings: ['simultaneous-reimage', 'overlay-kubenet-route-table'], prerequisites: [],
  effects: [
    { id: 'reimageAllPools', params: { nodes: 3, pools: 1, minutes: 15 } },
    { id: 'routeTableRemoved', params: { routeTables: ['aks-agentpool-74798960-routetable'] } },
  ],
  azCommand: `${az} --network-plugin azure --network-plugin-mode overlay`,
  networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' }, podCidr: '10.244.0.0/16', estimate,
};

const ciliumStep: PlanStep = {
  target: 'cilium', state: 'waiting', verdict: 'ready', finishing: false, projected: true, blockers: [],
  warnings: ['simultaneous-reimage'], prerequisites: [], after: 1,
  effects: [{ id: 'reimageAllPools', params: { nodes: 3, pools: 1, minutes: 15 } }, { id: 'kubeProxyRemoved', params: {} }],
  azCommand: `${az} --network-dataplane cilium --network-policy cilium`,
  networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' }, podCidr: null, estimate,
};

const cluster = {
  name: 'aks-kubenet', resourceGroup: 'rg-demo', subscriptionId: DEMO_SUBSCRIPTION, mode: 'kubenet' as const, dataplane: 'azure' as const,
  networkPolicy: 'none' as const, kubernetesVersion: '1.31.5',
};

/** aks-kubenet -> Overlay + Cilium, nothing done yet: step 1 ready, step 2 waits for it. */
export const demoPlan: PathPlan = { cluster, goal: 'cilium', steps: [overlayStep, ciliumStep], notes: [], estimatedMinutes: 30 };

/** The same plan after step 1, with a Windows pool added meanwhile: step 2 is blocked. */
export const demoPlanBlocked: PathPlan = {
  cluster: { ...cluster, mode: 'overlay' },
  goal: 'cilium',
  steps: [
    { target: 'overlay', state: 'done', verdict: 'not-needed', finishing: false, projected: false, blockers: [], warnings: [], prerequisites: [], effects: [] },
    { ...ciliumStep, state: 'blocked', verdict: 'blocked', projected: false, after: 1,
      blockers: [{ id: 'cilium-windows-pools', remediation: msg('cilium-windows-pools.fix'), unverified: false }] },
  ],
  notes: [],
  estimatedMinutes: 15,
};
