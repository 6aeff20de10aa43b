// Facts several checks share, read from the snapshot only (no I/O): data availability, versions,
// pool capacity, the VNets and subnets the pools use, and the pod CIDR analysis.
import type {
  AgentPool, ClusterSnapshot, KubernetesData, SnapshotSection, Subnet, VirtualNetwork,
} from '../cluster/types.ts';
import { parseResourceId, sameResourceGroup, sameResourceId, vnetIdOfSubnet } from '../cluster/resource-id.ts';
import { msg, type Message } from './messages.ts';
import type { CheckOutcome } from './types.ts';

/** An `unverified` outcome. */
export type Unverified = Extract<CheckOutcome, { status: 'unverified' }>;

/** How to let NetPilot read each Kubernetes list. */
const K8S_GRANT: Record<keyof KubernetesData, Message> = {
  nodes: msg('grant.nodes'),
  configMaps: msg('grant.configMaps'),
  networkPolicies: msg('grant.networkPolicies'),
  podDisruptionBudgets: msg('grant.podDisruptionBudgets'),
};

/** Reasons recorded in `snapshot.unavailable` for these sections, joined; undefined when none. */
export function unavailableReason(snapshot: ClusterSnapshot, sections: readonly SnapshotSection[]): string | undefined {
  const reasons = snapshot.unavailable.filter((u) => sections.includes(u.section)).map((u) => `${u.section}: ${u.reason}`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** A Kubernetes list, or the unverified outcome saying it could not be read and how to grant it. */
export function kubeList<K extends keyof KubernetesData>(
  snapshot: ClusterSnapshot, key: K,
): { list: NonNullable<KubernetesData[K]> } | { unverified: Unverified } {
  const section = `kubernetes.${key}` as SnapshotSection;
  const reason = unavailableReason(snapshot, ['kubernetes', section]);
  const list = snapshot.kubernetes?.[key];
  if (list !== undefined && !snapshot.unavailable.some((u) => u.section === section)) {
    return { list: list as NonNullable<KubernetesData[K]> };
  }
  const params = { key, reason: reason ?? 'none' };
  // Only a missing permission is fixed with RBAC; an unreachable API server, a refused token or a
  // runCommand failure is fixed as its recorded reason says.
  const kinds = snapshot.unavailable.filter((u) => u.section === 'kubernetes' || u.section === section).map((u) => u.kind);
  const notRbac = kinds.length > 0 && kinds.every((k) => k !== undefined && k !== 'forbidden');
  return {
    unverified: {
      status: 'unverified',
      missing: snapshot.kubernetes === undefined ? msg('missing.kube-api', params) : msg('missing.kube-list', params),
      hint: notRbac ? msg('grant.follow-reason') : K8S_GRANT[key],
    },
  };
}

/** `{ major, minor }` of a Kubernetes version string such as `1.30.4`; undefined if unparseable. */
export function parseKubernetesVersion(version: string | undefined): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** True when `version` is strictly below `major.minor`. */
export function versionBelow(version: { major: number; minor: number }, major: number, minor: number): boolean {
  return version.major < major || (version.major === major && version.minor < minor);
}

/** The cluster's Kubernetes version (current, else desired) or an unverified outcome. */
export function kubernetesVersion(snapshot: ClusterSnapshot):
  { version: { major: number; minor: number }; text: string } | { unverified: Unverified } {
  const text = snapshot.cluster.currentKubernetesVersion ?? snapshot.cluster.kubernetesVersion;
  const version = parseKubernetesVersion(text);
  if (text && version) return { version, text };
  return {
    unverified: {
      status: 'unverified',
      missing: text ? msg('missing.version-unparseable', { version: text }) : msg('missing.version'),
      hint: msg('grant.reader', { scope: snapshot.cluster.id ?? '<cluster resource id>' }),
    },
  };
}

/** Nodes one pool may reach and its surge nodes during the reimage. */
export interface PoolCapacity {
  pool: string;
  nodes: number;
  surge: number;
  /** How the surge was derived, e.g. `33%`, `3`, or the default-10% message. */
  surgeSource: string | Message;
}

/** Nodes a pool may reach (`maxCount` when autoscaling, else `count`) plus its surge nodes. */
export function poolCapacity(pool: AgentPool): PoolCapacity {
  const nodes = (pool.enableAutoScaling && pool.maxCount != null ? pool.maxCount : pool.count) ?? 0;
  const raw = pool.maxSurge?.trim();
  let surge: number | undefined;
  let surgeSource: string | Message = '';
  if (raw) {
    if (raw.endsWith('%')) {
      const pct = Number(raw.slice(0, -1));
      if (Number.isFinite(pct) && pct >= 0) {
        surge = Math.ceil((nodes * pct) / 100);
        surgeSource = raw;
      }
    } else if (Number.isFinite(Number(raw)) && Number(raw) >= 0) {
      surge = Math.ceil(Number(raw));
      surgeSource = raw;
    }
  }
  if (surge === undefined) {
    surge = Math.ceil(nodes * 0.1);
    surgeSource = msg('surge.default');
  }
  return { pool: pool.name, nodes, surge, surgeSource };
}

/** Rough minutes per surge batch (drain + reimage + ready) used for every duration estimate. */
export const MINUTES_PER_BATCH = 5;

/** One pool's share of a reimage estimate. */
export interface PoolReimage { pool: string; nodes: number; surge: number; surgeSource: string | Message; batches: number }

/** Estimated reimage of every pool at once: pools run in parallel, each in surge batches. */
export interface ReimageEstimate { minutes: number; nodes: number; pools: PoolReimage[]; minutesPerBatch: number }

/** The reimage estimate of a migration from the current pool sizes (surge from the current count, not the autoscaler maximum). */
export function reimageEstimate(snapshot: ClusterSnapshot): ReimageEstimate {
  const pools = snapshot.agentPools.map((p): PoolReimage => {
    const cap = poolCapacity({ ...p, enableAutoScaling: false });
    const count = p.count ?? 0;
    const surge = Math.max(1, Math.min(count || 1, cap.surge));
    return { pool: p.name, nodes: count, surge, surgeSource: cap.surgeSource, batches: Math.ceil(count / surge) };
  });
  return {
    minutes: MINUTES_PER_BATCH * Math.max(1, ...pools.map((x) => x.batches)),
    nodes: pools.reduce((n, p) => n + p.nodes, 0),
    pools,
    minutesPerBatch: MINUTES_PER_BATCH,
  };
}

/** The most nodes the cluster may have during the migration (every pool at its maximum plus surge). */
export function maxClusterNodes(snapshot: ClusterSnapshot): number {
  return snapshot.agentPools.reduce((sum, p) => {
    const c = poolCapacity(p);
    return sum + c.nodes + c.surge;
  }, 0);
}

/** True for Windows pools (`osType` compared case-insensitively). */
export function isWindowsPool(pool: AgentPool): boolean {
  return (pool.osType ?? '').toLowerCase() === 'windows';
}

/** A VNet one or more pools use, with those pools' names. */
export interface PoolVnet {
  vnet: VirtualNetwork;
  pools: string[];
  /** The subnets the pools sit in (all subnets of the VNet for AKS-managed VNets). */
  subnets: Subnet[];
  managed: boolean;
}

const NET_GRANT = msg('grant.net');

/** The VNets (and subnets) of every pool, or an unverified outcome naming what was not read. */
export function poolVnets(snapshot: ClusterSnapshot): { vnets: PoolVnet[] } | { unverified: Unverified } {
  const reason = unavailableReason(snapshot, ['virtualNetworks']);
  const all = snapshot.virtualNetworks;
  if (all === undefined || reason) {
    return {
      unverified: {
        status: 'unverified',
        missing: msg('missing.vnets', { reason: reason ?? 'none' }),
        hint: NET_GRANT,
      },
    };
  }
  const result = new Map<string, PoolVnet>();
  const missing: Message[] = [];
  const add = (vnet: VirtualNetwork, pool: string, subnets: Subnet[], managed: boolean): void => {
    const key = vnet.id.toLowerCase();
    const entry = result.get(key) ?? { vnet, pools: [], subnets: [], managed };
    if (!entry.pools.includes(pool)) entry.pools.push(pool);
    for (const s of subnets) if (!entry.subnets.some((e) => sameResourceId(e.id, s.id))) entry.subnets.push(s);
    result.set(key, entry);
  };
  for (const pool of snapshot.agentPools) {
    if (pool.vnetSubnetId) {
      const vnetId = vnetIdOfSubnet(pool.vnetSubnetId);
      const vnet = vnetId ? all.find((v) => sameResourceId(v.id, vnetId)) : undefined;
      if (!vnet) {
        missing.push(msg('missing.vnet-of-pool', { vnet: vnetId ?? pool.vnetSubnetId, pool: pool.name }));
        continue;
      }
      const subnet = vnet.subnets.find((s) => sameResourceId(s.id, pool.vnetSubnetId));
      if (!subnet) {
        missing.push(msg('missing.subnet-of-pool', { subnet: pool.vnetSubnetId, pool: pool.name }));
        continue;
      }
      add(vnet, pool.name, [subnet], false);
    } else {
      const nodeRg = snapshot.cluster.nodeResourceGroup;
      const managed = nodeRg ? all.filter((v) => sameResourceGroup(v.resourceGroup, nodeRg)) : [];
      if (managed.length === 0) {
        missing.push(msg('missing.managed-vnet', { pool: pool.name, rg: nodeRg ?? '?' }));
        continue;
      }
      for (const v of managed) add(v, pool.name, v.subnets, true);
    }
  }
  if (missing.length > 0) {
    return { unverified: { status: 'unverified', missing: msg('missing.list', { items: missing }), hint: NET_GRANT } };
  }
  return { vnets: [...result.values()] };
}

/** Names in a BYO subnet id: subnet, VNet and the VNet's resource group. */
export function subnetNames(subnetId: string): { subnet: string; vnet: string; resourceGroup: string } | undefined {
  const parts = parseResourceId(subnetId);
  if (!parts || parts.names.length < 2) return undefined;
  return { subnet: parts.names[1], vnet: parts.names[0], resourceGroup: parts.resourceGroup };
}

/** `az aks ... -g RG -n NAME --subscription SUB` arguments for this cluster. */
export function azTarget(snapshot: ClusterSnapshot): string {
  const c = snapshot.cluster;
  return `-g ${c.resourceGroup} -n ${c.name} --subscription ${c.subscriptionId}`;
}
