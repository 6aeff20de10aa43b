// Demo inputs for every card, shaped like the bundled demo fleet (spec/interfaces.md §6). Used by
// `npm run cards:render` and by the card tests. Reports follow the JSON report of §7 exactly.
import type { PreflightReport } from '../../services/preflight/types.ts';
import type { ApprovalCardData, DecidedCardData } from '../approval-card.ts';
import type { ClusterListItem } from '../cluster-list-card.ts';
import type { HelpCommand } from '../help-card.ts';
import type { FinalCardData, ProgressCardData } from '../progress-card.ts';
import type { HistoryEntry } from '../history-card.ts';

/** Subscription of the demo fleet. */
export const DEMO_SUBSCRIPTION = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const RG = 'rg-demo';
const clusterId = (name: string) =>
  `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;

/** aks-kubenet -> overlay: ready with a route table warning. */
export const kubenetOverlayReady: PreflightReport = {
  target: 'overlay',
  cluster: { name: 'aks-kubenet', resourceGroup: RG, subscriptionId: DEMO_SUBSCRIPTION, id: clusterId('aks-kubenet'), mode: 'kubenet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.31.2', eTag: '"a1"' },
  podCidr: '10.244.0.0/16',
  verdict: 'ready',
  findings: [
    {
      check: 'overlay-kubenet-route-table',
      severity: 'warning',
      title: 'The AKS-managed route table will be deleted',
      detail: 'Subnet aks-subnet uses route table aks-agentpool-12345678-routetable in node resource group MC_rg-demo_aks-kubenet_japaneast; AKS deletes it during the migration.',
      remediation: 'Nothing to do unless other subnets use that route table; move them to a route table you own first.',
      unverified: false,
    },
    {
      check: 'simultaneous-reimage',
      severity: 'warning',
      title: 'All 5 nodes in 2 pools are reimaged at once',
      detail: 'system: 3 nodes (max surge 10% = 1), user1: 2 nodes (max surge 33% = 1). Estimated duration: about 25 minutes.',
      remediation: 'Run it in a maintenance window; make sure PodDisruptionBudgets allow at least one disruption.',
      unverified: false,
    },
    {
      check: 'overlay-pod-reachability',
      severity: 'info',
      title: 'Pod IPs will no longer be reachable from outside the nodes',
      detail: 'With Overlay, pod IPs come from a private range that is not routable in the VNet.',
      remediation: 'Anything that addresses pods directly must use a Service (ClusterIP, LoadBalancer or internal LoadBalancer).',
      unverified: false,
    },
  ],
  passed: [
    'cluster-provisioning-state', 'pdb-blocks-drain', 'overlay-source-mode', 'overlay-kubernetes-version',
    'overlay-network-policy', 'overlay-windows-docker', 'overlay-ip-masq-agent-config', 'overlay-pod-cidr-reserved',
    'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity', 'overlay-pod-cidr-public', 'overlay-kubenet-identity',
    'overlay-unsupported-pool', 'overlay-virtual-nodes', 'overlay-dual-stack',
  ],
  notApplicable: ['overlay-windows-build', 'overlay-pod-cidr-missing', 'overlay-pod-cidr-invalid'],
  plan: {
    azCommand: 'az aks update -g rg-demo -n aks-kubenet --network-plugin azure --network-plugin-mode overlay',
    networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' },
  },
};

/** aks-kubenet -> cilium: blocked (kubenet must move to Overlay first). */
export const kubenetCiliumBlocked: PreflightReport = {
  target: 'cilium',
  cluster: kubenetOverlayReady.cluster,
  podCidr: '10.244.0.0/16',
  verdict: 'blocked',
  findings: [
    {
      check: 'cilium-source-mode',
      severity: 'blocker',
      title: 'kubenet cannot move to Cilium directly',
      detail: 'The cluster uses kubenet. Azure CNI powered by Cilium needs Azure CNI (Overlay, node subnet or pod subnet).',
      remediation: 'Migrate to Azure CNI Overlay first (`upgrade aks-kubenet to overlay`), then enable Cilium as a second, separately approved update.',
      unverified: false,
    },
  ],
  passed: ['cluster-provisioning-state', 'pdb-blocks-drain', 'cilium-windows-pools', 'cilium-node-auto-provisioning', 'cilium-policy-engine-replaced', 'cilium-enforcement-gap', 'cilium-policy-compat'],
  notApplicable: ['cilium-dual-stack-version', 'simultaneous-reimage'],
  plan: null,
};

/** aks-legacy -> overlay with pod cidr 192.168.0.0/16: ready. */
export const legacyOverlayReady: PreflightReport = {
  target: 'overlay',
  cluster: { name: 'aks-legacy', resourceGroup: RG, subscriptionId: DEMO_SUBSCRIPTION, id: clusterId('aks-legacy'), mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.4', eTag: '"e7"' },
  podCidr: '192.168.0.0/16',
  verdict: 'ready',
  findings: [
    {
      check: 'simultaneous-reimage',
      severity: 'warning',
      title: 'All 5 nodes in 2 pools are reimaged at once',
      detail: 'nodepool1: 3 nodes (max surge 10% = 1), win22: 2 nodes (max surge 1). Estimated duration: about 30 minutes.',
      remediation: 'Run it in a maintenance window; make sure PodDisruptionBudgets allow at least one disruption.',
      unverified: false,
    },
    {
      check: 'pdb-blocks-drain',
      severity: 'warning',
      title: 'A PodDisruptionBudget allows no disruption',
      detail: 'payments/api-pdb: disruptionsAllowed 0, expectedPods 2. Draining its nodes will stall.',
      remediation: 'Scale the deployment up or relax the PodDisruptionBudget before approving.',
      unverified: false,
    },
    {
      check: 'overlay-pod-reachability',
      severity: 'info',
      title: 'Pod IPs will no longer be reachable from outside the nodes',
      detail: 'With Overlay, pod IPs come from 192.168.0.0/16, which is not routable in the VNet.',
      remediation: 'Anything that addresses pods directly must use a Service.',
      unverified: false,
    },
  ],
  passed: [
    'cluster-provisioning-state', 'overlay-source-mode', 'overlay-kubernetes-version', 'overlay-network-policy',
    'overlay-windows-docker', 'overlay-windows-build', 'overlay-ip-masq-agent-config', 'overlay-pod-cidr-missing',
    'overlay-pod-cidr-invalid', 'overlay-pod-cidr-reserved', 'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity',
    'overlay-pod-cidr-public', 'overlay-unsupported-pool', 'overlay-virtual-nodes',
  ],
  notApplicable: ['overlay-kubenet-identity', 'overlay-kubenet-route-table', 'overlay-dual-stack'],
  plan: {
    azCommand: 'az aks update -g rg-demo -n aks-legacy --network-plugin azure --network-plugin-mode overlay --pod-cidr 192.168.0.0/16',
    networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' },
  },
};

/** aks-legacy -> overlay without a pod CIDR: blocked, with a suggestion. */
export const legacyOverlayBlocked: PreflightReport = {
  ...legacyOverlayReady,
  podCidr: null,
  suggestedPodCidr: '100.64.0.0/16',
  verdict: 'blocked',
  findings: [
    {
      check: 'overlay-pod-cidr-missing',
      severity: 'blocker',
      title: 'A pod CIDR is required to leave node-subnet Azure CNI',
      detail: 'Overlay gives every node a /24 from a private pod CIDR; the cluster has none yet. 100.64.0.0/16 passes every pod CIDR check (no overlap with VNet 10.0.0.0/8, its peerings or the service CIDR 10.0.0.0/16).',
      remediation: 'Check again with a pod CIDR, e.g. `check aks-legacy for overlay with pod cidr 100.64.0.0/16`.',
      unverified: false,
    },
    legacyOverlayReady.findings[1],
  ],
  passed: legacyOverlayReady.passed.filter((id) => !id.startsWith('overlay-pod-cidr')),
  notApplicable: [...legacyOverlayReady.notApplicable, 'overlay-pod-cidr-invalid', 'overlay-pod-cidr-reserved', 'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity', 'overlay-pod-cidr-public', 'simultaneous-reimage', 'overlay-pod-reachability'],
  plan: null,
};

/** aks-legacy -> cilium: blocked by its Windows pool; one unverified check (Kubernetes API unreadable). */
export const legacyCiliumBlocked: PreflightReport = {
  target: 'cilium',
  cluster: legacyOverlayReady.cluster,
  podCidr: null,
  verdict: 'blocked',
  findings: [
    {
      check: 'cilium-windows-pools',
      severity: 'blocker',
      title: 'Cilium does not support Windows node pools',
      detail: 'Pool win22 has osType Windows (2 nodes).',
      remediation: 'Move the Windows workloads to another cluster and delete pool win22, then check again.',
      unverified: false,
    },
    {
      check: 'cilium-policy-compat',
      severity: 'blocker',
      title: 'NetworkPolicies could not be read',
      detail: 'kubernetes.networkPolicies was not read: 403 Forbidden (list networkpolicies.networking.k8s.io at cluster scope).',
      remediation: 'Grant the NetPilot identity the "Azure Kubernetes Service RBAC Reader" role on the cluster, then check again.',
      unverified: true,
    },
    legacyOverlayReady.findings[1],
  ],
  passed: ['cluster-provisioning-state', 'cilium-source-mode', 'cilium-node-auto-provisioning', 'cilium-policy-engine-replaced'],
  notApplicable: ['cilium-dual-stack-version', 'simultaneous-reimage'],
  plan: null,
};

/** aks-cilium -> cilium: not needed. */
export const ciliumNotNeeded: PreflightReport = {
  target: 'cilium',
  cluster: { name: 'aks-cilium', resourceGroup: RG, subscriptionId: DEMO_SUBSCRIPTION, id: clusterId('aks-cilium'), mode: 'overlay', dataplane: 'cilium', networkPolicy: 'cilium', kubernetesVersion: '1.31.2' },
  podCidr: null,
  verdict: 'not-needed',
  findings: [],
  passed: ['migration-incomplete'],
  notApplicable: [],
  plan: null,
};

/** aks-overlay -> overlay after a failed migration: incomplete, the same update again finishes it. */
export const overlayIncomplete: PreflightReport = {
  target: 'overlay',
  cluster: { name: 'aks-overlay', resourceGroup: RG, subscriptionId: DEMO_SUBSCRIPTION, id: clusterId('aks-overlay'), mode: 'overlay', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.31.5', eTag: '"f3"' },
  podCidr: '10.244.0.0/16',
  verdict: 'incomplete',
  findings: [
    {
      check: 'migration-incomplete',
      severity: 'warning',
      title: 'The migration to the target finished on every node',
      detail: 'The network profile of aks-overlay already shows Azure CNI Overlay, but the migration did not finish: the last operation on cluster aks-overlay ended Failed; node pool(s) apps (Failed); 2 of 4 node(s) do not carry kubernetes.azure.com/azure-cni-overlay=true or kubernetes.azure.com/podnetwork-type=overlay: aks-apps-72300053-vmss000000, aks-apps-72300053-vmss000001.',
      remediation: `Send the same update again: request the upgrade to overlay in NetPilot (normal approval), or run az aks update -g rg-demo -n aks-overlay --subscription ${DEMO_SUBSCRIPTION} --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16. AKS then finishes the migration (nodes are reimaged again); check again afterwards.`,
      unverified: false,
    },
  ],
  passed: ['cluster-provisioning-state', 'pdb-blocks-drain'],
  notApplicable: [],
  plan: {
    azCommand: `az aks update -g rg-demo -n aks-overlay --subscription ${DEMO_SUBSCRIPTION} --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16`,
    networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'] },
  },
};

/** Commands as the bot derives them from bot/commands/definitions.ts (English). */
export const demoHelpCommands: HelpCommand[] = [
  { title: 'check', description: 'Preflight a cluster for Overlay and/or Cilium: blockers, warnings and the fix for each.', examples: ['check aks-legacy', 'preflight aks-legacy for overlay', 'can aks-legacy move to cilium?'] },
  { title: 'upgrade', description: 'Request a migration; it starts only after a designated approver approves it.', examples: ['upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', 'enable cilium on aks-overlay'] },
  { title: 'status', description: 'Show running migrations and the last outcome per cluster.', examples: ['status', 'status aks-legacy'] },
  { title: 'list clusters', description: 'List clusters with their network mode, data plane, policy engine and Kubernetes version.', examples: ['list clusters'] },
  { title: 'history', description: "Show a cluster's audit trail: requests, approvals, starts and outcomes.", examples: ['history aks-legacy'] },
  { title: 'cancel', description: 'Withdraw a pending request that is not approved yet.', examples: ['cancel aks-legacy'] },
  { title: 'subscribe', description: 'Send approval cards and migration start/finish notices to this channel.', examples: ['notify this channel', 'subscribe'] },
];

/** The demo fleet as the cluster list shows it. */
export const demoClusters: ClusterListItem[] = [
  ['aks-legacy', 'node-subnet', 'azure', 'none', '1.30.4'],
  ['aks-kubenet', 'kubenet', 'azure', 'none', '1.31.2'],
  ['aks-calico', 'node-subnet', 'azure', 'calico', '1.29.9'],
  ['aks-podsubnet', 'pod-subnet', 'azure', 'none', '1.30.4'],
  ['aks-ipmasq', 'node-subnet', 'azure', 'none', '1.30.4'],
  ['aks-old', 'node-subnet', 'azure', 'none', '1.22.11'],
  ['aks-overlay', 'overlay', 'azure', 'none', '1.31.2'],
  ['aks-cilium', 'overlay', 'cilium', 'cilium', '1.31.2'],
  ['aks-busy', 'node-subnet', 'azure', 'none', '1.30.4', 'Updating'],
].map(([name, mode, dataplane, networkPolicy, kubernetesVersion, provisioningState]) => ({
  name: name!, resourceGroup: RG, subscriptionId: DEMO_SUBSCRIPTION, mode: mode!, dataplane: dataplane!, networkPolicy: networkPolicy!, kubernetesVersion: kubernetesVersion!,
  provisioningState: provisioningState ?? 'Succeeded',
}));

/** A pending approval of aks-legacy -> overlay. */
export const demoApproval: Omit<ApprovalCardData, 'view' | 'locale'> = {
  request: {
    id: 'req_01JD8Z4M3Q', clusterName: 'aks-legacy', resourceGroup: RG, subscriptionId: DEMO_SUBSCRIPTION, target: 'overlay',
    requestedBy: { name: 'Aiko Tanaka' }, requestedAt: '2025-06-02T01:15:00Z', expiresAt: '2025-06-02T05:15:00Z',
  },
  report: legacyOverlayReady,
  pools: [ { name: 'nodepool1', count: 3, maxSurge: '10%' }, { name: 'win22', count: 2, maxSurge: '1' } ],
  approverMentions: [ { id: '29:1a2b3c', name: 'Ben Carter' }, { id: '29:4d5e6f', name: 'Chie Sato' } ],
  selfApprovalAllowed: false,
  dryRun: false,
  refreshUserIds: ['29:1a2b3c', '29:4d5e6f'],
};

/** The same request, approved. */
export const demoDecided: Omit<DecidedCardData, 'locale'> = {
  request: demoApproval.request, decision: 'approved', by: { name: 'Ben Carter' }, at: '2025-06-02T01:32:00Z', dryRun: false,
};

/** Audit trail of aks-legacy. */
export const demoHistory: HistoryEntry[] = [
  { at: '2025-06-02T01:58:10Z', event: 'succeeded', detail: 'networkProfile now shows networkPluginMode overlay, podCidr 192.168.0.0/16' },
  { at: '2025-06-02T01:32:05Z', event: 'started', detail: 'PUT accepted (If-Match "e7")' },
  { at: '2025-06-02T01:32:00Z', event: 'approved', by: { name: 'Ben Carter' } },
  { at: '2025-06-02T01:15:00Z', event: 'requested', by: { name: 'Aiko Tanaka' }, detail: 'overlay with pod cidr 192.168.0.0/16' },
];

/** Progress half way through aks-legacy -> overlay. */
export const demoProgress: Omit<ProgressCardData, 'locale'> = {
  clusterName: 'aks-legacy', target: 'overlay', percent: 50,
  pools: [ { name: 'nodepool1', reimaged: 2, total: 3, draining: 1 }, { name: 'win22', reimaged: 0, total: 2, draining: 0 } ],
  elapsedSeconds: 754, estimateSeconds: 1800, updatedAt: '2025-06-02T01:44:39Z',
  portalUrl: `https://portal.azure.com/#resource${clusterId('aks-legacy')}/overview`,
  kubernetesReadable: true, state: 'running',
};

/** The first progress card, posted before the first poll: the request's pools at 0 done. */
export const demoProgressWaiting: Omit<ProgressCardData, 'locale'> = {
  clusterName: 'aks-legacy', target: 'overlay', percent: 0,
  pools: [ { name: 'nodepool1', reimaged: 0, total: 3, draining: 0 }, { name: 'win22', reimaged: 0, total: 2, draining: 0 } ],
  elapsedSeconds: 4, updatedAt: '2025-06-02T01:32:09Z',
  portalUrl: `https://portal.azure.com/#resource${clusterId('aks-legacy')}/overview`,
  kubernetesReadable: true, awaitingFirstReading: true, state: 'running',
};

/** aks-legacy migration finished. */
export const demoFinal: Omit<FinalCardData, 'locale'> = {
  outcome: 'succeeded', clusterName: 'aks-legacy', durationSeconds: 1565,
  before: { networkPlugin: 'azure', networkPluginMode: null, podCidr: null },
  after: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' },
};

/** A migration the emulator failed on a PodDisruptionBudget. */
export const demoFinalFailed: Omit<FinalCardData, 'locale'> = {
  outcome: 'failed', clusterName: 'aks-calico', durationSeconds: 1210,
  before: { networkDataplane: 'azure', networkPolicy: 'calico' },
  after: { networkDataplane: 'azure', networkPolicy: 'calico' },
  error: {
    code: 'UpgradeFailed',
    message: 'Drain of node aks-nodepool1-12345678-vmss000001 did not complete: Cannot evict pod as it would violate the pod\'s disruption budget (payments/api-pdb).',
    friendly: 'A PodDisruptionBudget (payments/api-pdb) blocked draining a node.',
    nextStep: 'Relax payments/api-pdb or scale its deployment, then run the update again; nodes already reimaged stay migrated.',
  },
};
