// Structured preflight texts: a message id and typed parameters, never a sentence. The catalogues
// (i18n/en.ts, i18n/ja.ts) hold one ICU message per id; rendering happens only at the edge.

/**
 * A parameter value: plain values, lists (rendered with the language's list format: "and", or "or"
 * for a parameter whose name ends in `Any`) or nested messages.
 */
export type ParamValue = string | number | readonly string[] | Message | readonly Message[];

/** A language-free text: catalogue id plus parameters. */
export interface Message {
  id: MessageId;
  params: Readonly<Record<string, ParamValue>>;
}

type Yes = 'yes' | 'no';
type Msgs = readonly Message[];

/** Parameters of every message a check can produce, by id (the catalogues are keyed by these ids). */
export interface PreflightMessages {
  // Shared frames
  'unverified.title': { check: Message };
  'unverified.detail': { missing: Message };
  'unverified.fix': { hint: Message };
  'check-error.missing': { error: string; needs: readonly string[] };
  'check-error.hint': Record<string, never>;
  'missing.kube-api': { key: string; reason: string };
  'missing.kube-list': { key: string; reason: string };
  'missing.version': Record<string, never>;
  'missing.version-unparseable': { version: string };
  'missing.vnets': { reason: string };
  'missing.vnet-of-pool': { vnet: string; pool: string };
  'missing.subnet-of-pool': { subnet: string; pool: string };
  'missing.managed-vnet': { pool: string; rg: string };
  'missing.list': { items: Msgs | readonly string[] };
  'grant.nodes': Record<string, never>;
  'grant.configMaps': Record<string, never>;
  'grant.networkPolicies': Record<string, never>;
  'grant.podDisruptionBudgets': Record<string, never>;
  'grant.follow-reason': Record<string, never>;
  'grant.reader': { scope: string };
  'grant.reader-or-cidr': { scope: string };
  'grant.net': Record<string, never>;
  'grant.nodes-or-reader': Record<string, never>;
  'surge.default': Record<string, never>;
  'cidr.no-prefix': { input: string };
  'cidr.ipv6': { input: string };
  'cidr.not-ipv4': { input: string };
  'cidr.bad-prefix': { input: string; prefix: string };
  'cidr.host-bits': { input: string; network: string };
  'cidr.too-small': { input: string; max: number };
  'cidr.kept': { problem: Message };
  'cidr.kept-unreadable': { cidr: string };
  'cidr.not-containing': { cidr: string; existing: string };
  'range.vnet': { prefix: string; vnet: string; pools: readonly string[]; managed: Yes };
  'range.peering': { prefix: string; peering: string; vnet: string; remote: string; state: string };
  'range.service': { prefix: string };

  // Per check: `.name` says what is verified, `.title` what is wrong when it fails, `.fix` the general remedy.
  'cilium-dual-stack-version.fail': { cluster: string; families: readonly string[]; version: string };
  'cilium-dual-stack-version.fail.fix': { az: string };
  'cilium-enforcement-gap.fail': { count: number; policies: readonly string[]; more: number };
  'cilium-node-auto-provisioning.fail': { cluster: string };
  'cilium-node-auto-provisioning.fail.fix': { az: string };
  'cilium-policy-compat.fail': { policies: Msgs };
  'cilium-policy-compat.policy': { policy: string; constructs: Msgs };
  'cilium-policy-compat.ipBlock': { cidr: string; direction: string };
  'cilium-policy-compat.namedPort': { port: string; direction: string };
  'cilium-policy-compat.endPort': { port: string; direction: string };
  'cilium-policy-compat.fail.fix': { name: string; namespace: string };
  'cilium-policy-engine-replaced.azure': { cluster: string };
  'cilium-policy-engine-replaced.calico': { cluster: string };
  'cilium-policy-engine-replaced.calico.fix': Record<string, never>;
  'cilium-source-mode.kubenet': { cluster: string };
  'cilium-source-mode.kubenet.fix': { cluster: string; rg: string; az: string };
  'cilium-source-mode.byo': { cluster: string; plugin: string };
  'cilium-source-mode.byo.fix': Record<string, never>;
  'cilium-windows-pools.fail': { pools: Msgs };
  'cilium-windows-pools.pool': { pool: string; sku: string; count: number };
  'cilium-windows-pools.fail.fix': { commands: string };
  'cluster-provisioning-state.missing-cluster': { cluster: string };
  'cluster-provisioning-state.missing-pools': { pools: readonly string[] };
  'cluster-provisioning-state.fail': { problems: Msgs };
  'cluster-provisioning-state.cluster-state': { cluster: string; state: string };
  'cluster-provisioning-state.cluster-stopped': { cluster: string };
  'cluster-provisioning-state.pool-state': { pool: string; state: string };
  'cluster-provisioning-state.pool-stopped': { pool: string };
  'cluster-provisioning-state.fail.fix': { commands: string };
  'overlay-dual-stack.fail': { cluster: string; families: readonly string[]; v6: readonly string[]; hasV6: Yes };
  'overlay-ip-masq-agent-config.fail': { configMaps: Msgs };
  'overlay-ip-masq-agent-config.configmap': { name: string; cidrs: readonly string[]; count: number };
  'overlay-ip-masq-agent-config.fail.fix': { commands: string };
  'overlay-kubenet-identity.fail': { cluster: string; identity: string };
  'overlay-kubenet-identity.fail.fix': { rg: string; cluster: string; az: string };
  'overlay-kubenet-route-table.fail': { subnets: Msgs };
  'overlay-kubenet-route-table.managed': { subnet: string; vnet: string; pools: readonly string[]; table: string; rg: string };
  'overlay-kubenet-route-table.customer': { subnet: string; vnet: string; pools: readonly string[]; table: string; rg: string };
  'overlay-kubenet-route-table.fail.fix': { commands: string };
  'overlay-kubernetes-version.fail': { cluster: string; version: string };
  'overlay-kubernetes-version.fail.fix': { az: string };
  'overlay-network-policy.fail': { cluster: string; policy: string };
  'overlay-network-policy.fix-upgrade': { az: string; policy: string; version: string };
  'overlay-network-policy.fix-direct': { az: string };
  'overlay-pod-cidr-capacity.fail': { cidr: string; blocks: number; nodes: number; pools: Msgs };
  'overlay-pod-cidr-capacity.pool': { pool: string; nodes: number; surge: number; surgeSource: string | Message };
  'overlay-pod-cidr-capacity.fail.fix': { prefix: number; suggested: string };
  'overlay-pod-cidr-invalid.unknown-kept': { cluster: string };
  'overlay-pod-cidr-invalid.fail': { cidr: string; problem: Message };
  'overlay-pod-cidr-invalid.fail.fix': { suggested: string };
  'overlay-pod-cidr-missing.suggested': { cluster: string; suggested: string };
  'overlay-pod-cidr-missing.no-suggestion': { cluster: string };
  'overlay-pod-cidr-missing.suggested.fix': { suggested: string };
  'overlay-pod-cidr-missing.no-suggestion.fix': Record<string, never>;
  'overlay-pod-cidr-overlap.fail': { cidr: string; ranges: Msgs };
  'overlay-pod-cidr-overlap.fail.fix': { suggested: string };
  'overlay-pod-cidr-public.fail': { cidr: string };
  'overlay-pod-cidr-public.fail.fix': { suggested: string };
  'overlay-pod-cidr-reserved.fail': { cidr: string; ranges: readonly string[] };
  'overlay-pod-cidr-reserved.fail.fix': { suggested: string };
  'overlay-pod-reachability.fail': { cluster: string; cidr: string };
  'overlay-source-mode.pod-subnet': { cluster: string; pools: Msgs };
  'overlay-source-mode.pool': { pool: string; subnet: string };
  'overlay-source-mode.byo': { cluster: string; plugin: string };
  'overlay-unsupported-pool.fail': { problems: Msgs };
  'overlay-unsupported-pool.availability-set': { pool: string };
  'overlay-unsupported-pool.dcsv2': { pool: string; size: string };
  'overlay-unsupported-pool.long-names': { pool: string; names: Msgs; max: number };
  'overlay-unsupported-pool.long-name': { kind: 'subnet' | 'vnet' | 'rg'; name: string; length: number };
  'overlay-virtual-nodes.fail': { addon: string; cluster: string };
  'overlay-virtual-nodes.fail.fix': { az: string };
  'overlay-windows-build.unknown': { pools: readonly string[]; min: string; old: Msgs; oldCount: number };
  'overlay-windows-build.fail': { min: string; pools: Msgs };
  'overlay-windows-build.pool': { pool: string; build: string; image: string };
  'overlay-windows-build.fail.fix': { commands: string };
  'overlay-windows-docker.fail': { pools: Msgs };
  'overlay-windows-docker.pool': { pool: string; evidence: Message };
  'overlay-windows-docker.nodes-docker': { nodes: readonly string[] };
  'overlay-windows-docker.nodes': { nodes: readonly string[] };
  'overlay-windows-docker.image': { image: string };
  'overlay-windows-docker.fail.fix': { commands: string };
  'pdb-blocks-drain.fail': { budgets: Msgs };
  'pdb-blocks-drain.budget': { budget: string; pods: number };
  'pdb-blocks-drain.fail.fix': { commands: string };
  'simultaneous-reimage.fail': { cluster: string; nodes: number; pools: number; perPool: Msgs; minutes: number; perBatch: number };
  'migration-incomplete.fail': { cluster: string; target: string; problems: Msgs; busy: string; ignored: string; kept: string };
  'migration-incomplete.cluster-ended': { cluster: string; state: string };
  'migration-incomplete.pools': { pools: readonly string[] };
  'migration-incomplete.nodes': { left: number; total: number; labelsAny: readonly string[]; nodes: readonly string[]; more: number };
  'migration-incomplete.empty-nodes': { expected: number };
  'migration-incomplete.empty-nodes.hint': Record<string, never>;
  'migration-incomplete.fail.fix': { target: string; az: string };
  'simultaneous-reimage.pool': { pool: string; count: number; surgeSource: string | Message; surge: number };
}

/** Every check id (spec/checks.md); each has `<id>.name`, `<id>.title` and `<id>.fix` in the catalogues. */
export const CHECK_IDS = [
  'cluster-provisioning-state', 'overlay-source-mode', 'overlay-kubernetes-version', 'overlay-network-policy',
  'overlay-windows-docker', 'overlay-windows-build', 'overlay-unsupported-pool', 'overlay-kubenet-identity',
  'overlay-ip-masq-agent-config', 'overlay-pod-cidr-missing', 'overlay-pod-cidr-invalid', 'overlay-pod-cidr-reserved',
  'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity', 'overlay-pod-cidr-public', 'overlay-virtual-nodes',
  'overlay-dual-stack', 'overlay-kubenet-route-table', 'overlay-pod-reachability', 'cilium-source-mode',
  'cilium-windows-pools', 'cilium-node-auto-provisioning', 'cilium-dual-stack-version', 'cilium-policy-engine-replaced',
  'cilium-enforcement-gap', 'cilium-policy-compat', 'pdb-blocks-drain', 'simultaneous-reimage', 'migration-incomplete',
] as const;

/** A check id known to the catalogues. */
export type CheckId = (typeof CHECK_IDS)[number];

/** Ids of the per-check texts: neutral name, failing title, general remedy. */
export type CheckTextId = `${CheckId}.${'name' | 'title' | 'fix'}`;

/** Every message id of the preflight. */
export type MessageId = keyof PreflightMessages | CheckTextId;

/** Parameters of message `K` (none for the per-check texts). */
export type ParamsOf<K extends MessageId> = K extends keyof PreflightMessages ? PreflightMessages[K] : Record<string, never>;

/** Builds a typed message: the id must exist and the parameters must match. */
export function msg<K extends MessageId>(id: K, ...params: ParamsOf<K> extends Record<string, never> ? [] : [ParamsOf<K>]): Message {
  return { id, params: (params[0] ?? {}) as Readonly<Record<string, ParamValue>> };
}
