// Demo inputs for every card, shaped like the bundled demo fleet (spec/interfaces.md §6). Used by
// `npm run cards:render` and by the card tests. Reports follow the JSON report of §7 exactly.
import { msg, type Message, type MessageId } from '../../services/preflight/messages.ts';
import type { Finding, PreflightReport, Severity } from '../../services/preflight/types.ts';
import type { ApprovalCardData, DecidedCardData } from '../approval-card.ts';
import type { ClusterListItem } from '../cluster-list-card.ts';
import type { HelpCommand } from '../help-card.ts';
import type { FinalCardData, ProgressCardData } from '../progress-card.ts';
import type { HistoryEntry } from '../history-card.ts';
import { renderAuditNote } from '../../i18n/audit.ts';
import { renderFriendlyError } from '../../i18n/errors.ts';

const text = (check: string, part: 'name' | 'title' | 'fix'): Message => ({ id: `${check}.${part}` as MessageId, params: {} });

/** A finding shaped as the engine builds it from a failed check (services/preflight/run-preflight.ts). */
function finding(check: string, severity: Severity, detail: Message, remediation?: Message): Finding {
  return {
    check, severity, title: text(check, 'title'), detail, remediation: remediation ?? text(check, 'fix'),
    messageId: detail.id, params: detail.params, unverified: false,
  };
}

/** An unverified finding: a blocker saying what could not be read. */
function unverified(check: string, missing: Message, hint: Message): Finding {
  const detail = msg('unverified.detail', { missing });
  return {
    check, severity: 'blocker', title: msg('unverified.title', { check: text(check, 'name') }), detail, remediation: msg('unverified.fix', { hint }),
    messageId: detail.id, params: detail.params, unverified: true,
  };
}

const AZ = (name: string) => `-g rg-demo -n ${name} --subscription 6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00`;

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
    finding('overlay-kubenet-route-table', 'warning', msg('overlay-kubenet-route-table.fail', {
      subnets: [msg('overlay-kubenet-route-table.managed', {
        subnet: 'aks-subnet', vnet: 'aks-vnet-12345678', pools: ['system', 'user1'], table: 'aks-agentpool-12345678-routetable', rg: 'MC_rg-demo_aks-kubenet_japaneast',
      })],
    }), msg('overlay-kubenet-route-table.fail.fix', {
      commands: 'az network route-table route list -g MC_rg-demo_aks-kubenet_japaneast --route-table-name aks-agentpool-12345678-routetable -o table',
    })),
    finding('simultaneous-reimage', 'warning', msg('simultaneous-reimage.fail', {
      cluster: 'aks-kubenet', nodes: 5, pools: 2, minutes: 15, perBatch: 5,
      perPool: [
        msg('simultaneous-reimage.pool', { pool: 'system', count: 3, surgeSource: msg('surge.default'), surge: 1 }),
        msg('simultaneous-reimage.pool', { pool: 'user1', count: 2, surgeSource: '33%', surge: 1 }),
      ],
    })),
    finding('overlay-pod-reachability', 'info', msg('overlay-pod-reachability.fail', { cluster: 'aks-kubenet', cidr: '10.244.0.0/16' })),
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
    finding('cilium-source-mode', 'blocker', msg('cilium-source-mode.kubenet', { cluster: 'aks-kubenet' }),
      msg('cilium-source-mode.kubenet.fix', { cluster: 'aks-kubenet', rg: 'rg-demo', az: AZ('aks-kubenet') })),
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
    finding('simultaneous-reimage', 'warning', msg('simultaneous-reimage.fail', {
      cluster: 'aks-legacy', nodes: 5, pools: 2, minutes: 15, perBatch: 5,
      perPool: [
        msg('simultaneous-reimage.pool', { pool: 'nodepool1', count: 3, surgeSource: msg('surge.default'), surge: 1 }),
        msg('simultaneous-reimage.pool', { pool: 'win22', count: 2, surgeSource: '1', surge: 1 }),
      ],
    })),
    finding('pdb-blocks-drain', 'warning', msg('pdb-blocks-drain.fail', { budgets: [msg('pdb-blocks-drain.budget', { budget: 'payments/api-pdb', pods: 2 })] }),
      msg('pdb-blocks-drain.fail.fix', { commands: `kubectl patch pdb api-pdb -n payments --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'` })),
    finding('overlay-pod-reachability', 'info', msg('overlay-pod-reachability.fail', { cluster: 'aks-legacy', cidr: '192.168.0.0/16' })),
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
    finding('overlay-pod-cidr-missing', 'blocker', msg('overlay-pod-cidr-missing.suggested', { cluster: 'aks-legacy', suggested: '100.64.0.0/16' }),
      msg('overlay-pod-cidr-missing.suggested.fix', { suggested: '100.64.0.0/16' })),
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
    finding('cilium-windows-pools', 'blocker', msg('cilium-windows-pools.fail', {
      pools: [msg('cilium-windows-pools.pool', { pool: 'win22', sku: 'Windows2022', count: 2 })],
    }), msg('cilium-windows-pools.fail.fix', { commands: `az aks nodepool delete -g rg-demo --cluster-name aks-legacy --subscription ${DEMO_SUBSCRIPTION} -n win22` })),
    unverified('cilium-policy-compat',
      msg('missing.kube-list', { key: 'networkPolicies', reason: 'kubernetes.networkPolicies: 403 Forbidden' }), msg('grant.networkPolicies')),
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
    finding('migration-incomplete', 'warning', msg('migration-incomplete.fail', {
      cluster: 'aks-overlay', target: 'overlay', busy: 'none', ignored: 'none', kept: 'none',
      problems: [
        msg('migration-incomplete.cluster-ended', { cluster: 'aks-overlay', state: 'Failed' }),
        msg('migration-incomplete.pools', { pools: ['apps (Failed)'] }),
        msg('migration-incomplete.nodes', {
          left: 2, total: 4, labelsAny: ['kubernetes.azure.com/azure-cni-overlay=true', 'kubernetes.azure.com/podnetwork-type=overlay'],
          nodes: ['aks-apps-72300053-vmss000000', 'aks-apps-72300053-vmss000001'], more: 0,
        }),
      ],
    }), msg('migration-incomplete.fail.fix', {
      target: 'overlay',
      az: `az aks update -g rg-demo -n aks-overlay --subscription ${DEMO_SUBSCRIPTION} --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16`,
    })),
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

/** The help commands as the bot lists them in Japanese (bot/commands/definitions.ts). */
export const demoHelpCommandsJa: HelpCommand[] = [
  { title: 'チェック', description: 'クラスターのオーバーレイ/Cilium 移行を事前チェックします（ブロッカー、警告、対処法）。', examples: ['aks-legacy をチェック', 'aks-legacy はオーバーレイに移行できますか'] },
  { title: '移行', description: '移行をリクエストします。承認者が承認するまで開始されません。', examples: ['aks-legacy をオーバーレイに移行 ポッドCIDR 192.168.0.0/16', 'aks-overlay を Cilium にアップグレード'] },
  { title: '状態', description: '実行中の移行と各クラスターの直近の結果を表示します。', examples: ['状態'] },
  { title: 'クラスター一覧', description: 'クラスターのネットワークモード、データプレーン、ポリシーエンジン、Kubernetes バージョンを一覧表示します。', examples: ['クラスター一覧'] },
  { title: '履歴', description: 'クラスターの監査履歴（リクエスト、承認、開始、結果）を表示します。', examples: ['履歴 aks-legacy'] },
  { title: 'キャンセル', description: '未承認のリクエストを取り下げます。', examples: ['aks-legacy をキャンセル'] },
  { title: '通知を登録', description: 'このチャンネルに承認カードと移行の開始/終了通知を送ります。', examples: ['このチャンネルに通知'] },
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

/** The audit trail of aks-legacy in `locale`, its details rendered from audit notes as the bot does. */
export function demoHistoryIn(locale: 'en' | 'ja'): HistoryEntry[] {
  if (locale === 'en') return demoHistory;
  return [
    { at: '2025-06-02T01:58:10Z', event: '終了', detail: renderAuditNote({ id: 'finished', status: 'succeeded' }, 'ja') },
    { at: '2025-06-02T01:32:05Z', event: '更新開始', detail: 'ARM 操作: op-7d1c2e9a · 事前チェック 3f9a1c0b7e2d' },
    { at: '2025-06-02T01:32:00Z', event: '承認', by: { name: 'Ben Carter' } },
    { at: '2025-06-02T01:15:00Z', event: 'リクエスト', by: { name: 'Aiko Tanaka' },
      detail: renderAuditNote({ id: 'requested', target: 'overlay', podCidr: '192.168.0.0/16', dryRun: false }, 'ja') },
  ];
}

/** The failed aks-calico migration in `locale`: the explanation rendered from its error id as the bot does;
 * Azure's own message stays as Azure wrote it (the card labels it as Azure's). */
export function demoFinalFailedIn(locale: 'en' | 'ja'): Omit<FinalCardData, 'locale'> {
  if (locale === 'en') return demoFinalFailed;
  const pdb = 'payments/api-pdb';
  const said = renderFriendlyError({
    code: 'UpgradeFailed', message: demoFinalFailed.error!.message, friendly: demoFinalFailed.error!.friendly,
    nextStep: demoFinalFailed.error!.nextStep ?? '', messageId: 'error.pdb',
    params: { pdb, command: 'kubectl patch pdb api-pdb -n payments --type merge -p \'{"spec":{"minAvailable":null,"maxUnavailable":1}}\'' },
  }, 'ja');
  return { ...demoFinalFailed, error: { ...demoFinalFailed.error!, friendly: said.friendly, nextStep: said.nextStep } };
}
