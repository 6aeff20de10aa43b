// Inputs of the benchmarks: the bundled demo fleet (parsed as the CLI parses it) and a synthetic
// large cluster grown from aks-legacy (100 pools, 2,000 nodes, 500 policies, 50 peerings).
import { readFileSync } from 'node:fs';
import { DEMO_FLEET_PATH } from '../emulator/index.ts';
import { parseFleet } from '../services/cluster/load.ts';
import type {
  AgentPool, ClusterSnapshot, KubeNetworkPolicy, KubeNode, VirtualNetwork, VirtualNetworkPeering,
} from '../services/cluster/types.ts';

/** Sizes of the synthetic large cluster. */
export const LARGE_CLUSTER = { pools: 100, nodes: 2000, networkPolicies: 500, peerings: 50 } as const;

/** The demo fleet, parsed with `parseFleet` (the same normalisation the CLI uses). */
export function loadDemoFleet(): ClusterSnapshot[] {
  return parseFleet(JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')), DEMO_FLEET_PATH);
}

function byName(fleet: readonly ClusterSnapshot[], name: string): ClusterSnapshot {
  const found = fleet.find((s) => s.cluster.name === name);
  if (!found) throw new Error(`demo fleet has no ${name}`);
  return found;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function growPools(base: ClusterSnapshot): AgentPool[] {
  const linux = base.agentPools.find((p) => p.mode?.toLowerCase() === 'user' && p.osType?.toLowerCase() !== 'windows') ?? base.agentPools[0];
  const system = base.agentPools.find((p) => p.mode?.toLowerCase() === 'system') ?? linux;
  const windows = base.agentPools.find((p) => p.osType?.toLowerCase() === 'windows');
  const perPool = LARGE_CLUSTER.nodes / LARGE_CLUSTER.pools;
  return Array.from({ length: LARGE_CLUSTER.pools }, (_, i) => {
    const isWindows = windows !== undefined && i % 25 === 24;
    const template = i === 0 ? system : isWindows ? windows : linux;
    const name = i === 0 ? 'system' : isWindows ? `w${String(i).padStart(3, '0')}` : `pool${String(i).padStart(3, '0')}`;
    return {
      ...clone(template), name, count: perPool, enableAutoScaling: false, minCount: undefined, maxCount: undefined,
      maxSurge: '10%', id: template.id?.replace(/[^/]+$/, name),
    };
  });
}

function growNodes(base: ClusterSnapshot, pools: readonly AgentPool[]): KubeNode[] {
  const nodes = base.kubernetes?.nodes ?? [];
  const linux = nodes.find((n) => n.osType?.toLowerCase() !== 'windows');
  const windows = nodes.find((n) => n.osType?.toLowerCase() === 'windows') ?? linux;
  if (!linux || !windows) throw new Error('aks-legacy has no nodes to copy');
  return pools.flatMap((pool) => Array.from({ length: pool.count ?? 0 }, (_, j) => {
    const template = pool.osType?.toLowerCase() === 'windows' ? windows : linux;
    const name = `aks-${pool.name}-31415926-vmss${j.toString(36).padStart(6, '0')}`;
    const labels = { ...template.labels, 'kubernetes.azure.com/agentpool': pool.name, agentpool: pool.name, 'kubernetes.io/hostname': name };
    return { ...clone(template), name, labels, pool: pool.name };
  }));
}

function growPolicies(source: readonly KubeNetworkPolicy[]): KubeNetworkPolicy[] {
  if (source.length === 0) throw new Error('aks-calico has no network policies to copy');
  return Array.from({ length: LARGE_CLUSTER.networkPolicies }, (_, i) => {
    const template = source[i % source.length];
    return { ...clone(template), name: `${template.name}-${i}`, namespace: `team-${i % 40}` };
  });
}

/**
 * Peerings that bring the VNet to LARGE_CLUSTER.peerings; their remote spaces cover 100.64.0.0/10
 * except 100.112.0.0/12, so the pod CIDR search must skip many fragments.
 */
function growPeerings(vnet: VirtualNetwork): VirtualNetworkPeering[] {
  const sub = vnet.id.split('/')[2] ?? '00000000-0000-0000-0000-000000000000';
  const added = Math.max(0, LARGE_CLUSTER.peerings - vnet.peerings.length);
  return Array.from({ length: added }, (_, i) => {
    const second = 64 + Math.floor((i * 48) / added);
    const third = (i % 16) * 16;
    return {
      name: `peer-spoke-${i}`,
      peeringState: 'Connected',
      remoteVirtualNetworkId: `/subscriptions/${sub}/resourceGroups/rg-spokes/providers/Microsoft.Network/virtualNetworks/vnet-spoke-${i}`,
      remoteAddressPrefixes: [`100.${second}.${third}.0/20`],
    };
  });
}

/** A large node-subnet cluster (aks-legacy grown; aks-calico's ipBlock policies copied). */
export function buildLargeCluster(fleet: readonly ClusterSnapshot[]): ClusterSnapshot {
  const base = clone(byName(fleet, 'aks-legacy'));
  const policies = byName(fleet, 'aks-calico').kubernetes?.networkPolicies ?? [];
  const agentPools = growPools(base);
  const virtualNetworks = (base.virtualNetworks ?? []).map((v, i) => (i === 0 ? { ...v, peerings: [...v.peerings, ...growPeerings(v)] } : v));
  return {
    ...base,
    source: 'bench:large-cluster',
    agentPools,
    virtualNetworks,
    kubernetes: { ...base.kubernetes, nodes: growNodes(base, agentPools), networkPolicies: growPolicies(policies) },
  };
}

/** Counts of a snapshot, to print beside the figures (proves the large cluster is large). */
export function sizeOf(snapshot: ClusterSnapshot): { pools: number; nodes: number; networkPolicies: number; peerings: number } {
  return {
    pools: snapshot.agentPools.length,
    nodes: snapshot.kubernetes?.nodes?.length ?? 0,
    networkPolicies: snapshot.kubernetes?.networkPolicies?.length ?? 0,
    peerings: (snapshot.virtualNetworks ?? []).reduce((n, v) => n + v.peerings.length, 0),
  };
}
