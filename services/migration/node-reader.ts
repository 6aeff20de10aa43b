// Reads a cluster's Kubernetes nodes and PodDisruptionBudgets for the runner and the progress
// watcher the way preflight does (AksKubernetesSession): the cluster user kubeconfig from ARM, an
// Entra ID token from NetPilot's own credential (never an exec plugin), a deadline per call, and AKS
// runCommand for a private / IP-restricted API server. One session per cluster is kept while it
// works and dropped after a failure (credentials may rotate).
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { normaliseApiServerAccess, normaliseEntra } from '../cluster/load.ts';
import type { KubeNode } from '../cluster/types.ts';
import { AksKubernetesSession, type KubeAccessSettings } from '../kubernetes/aks-reader.ts';
import type { KubeListName, KubeListObject } from '../kubernetes/reader.ts';
import { toPodState, type PodReader } from '../health/pods.ts';

/** Where a cluster is (an `OperationRecord` has these fields). */
export interface ClusterLocation {
  clusterId: string;
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
}

/** Lists the nodes of a cluster; throws when the Kubernetes API cannot be read. */
export type NodeReader = (cluster: ClusterLocation) => Promise<KubeNode[]>;

/** A PodDisruptionBudget that allows no disruption now (`status.disruptionsAllowed: 0`). */
export interface BlockingPdb {
  namespace: string;
  name: string;
}

/** Lists the PDBs of a cluster that block every eviction; throws when they cannot be read. */
export type PdbReader = (cluster: ClusterLocation) => Promise<BlockingPdb[]>;

interface RawNode {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: { conditions?: { type?: string; status?: string }[] };
}

interface RawPdb {
  metadata?: { name?: string; namespace?: string };
  status?: { disruptionsAllowed?: number };
}

/** Maps a Kubernetes Node object to the fields progress needs. */
export function toKubeNode(raw: RawNode): KubeNode {
  const labels = raw.metadata?.labels ?? {};
  return {
    name: raw.metadata?.name ?? '',
    labels,
    pool: labels['kubernetes.azure.com/agentpool'] ?? labels.agentpool,
    unschedulable: raw.spec?.unschedulable === true,
    ready: (raw.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
  };
}

/** The PDBs of a list that allow no disruption, as `namespace/name`, sorted. */
export function blockingPdbs(items: readonly RawPdb[]): BlockingPdb[] {
  return items
    .filter((p) => p.status?.disruptionsAllowed === 0 && p.metadata?.name)
    .map((p) => ({ namespace: p.metadata?.namespace ?? 'default', name: p.metadata?.name ?? '' }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** Node and PDB readers over ARM + @kubernetes/client-node, sharing one session per cluster. `access`
 * defaults to runCommand on and no credential (clusters with static kubeconfig credentials only). */
export function createKubeReaders(
  containerService: (subscriptionId: string) => ContainerServiceClient,
  access: KubeAccessSettings = { runCommand: true },
): { readNodes: NodeReader; readBlockingPdbs: PdbReader; readPods: PodReader } {
  const sessions = new Map<string, AksKubernetesSession>();
  const sessionOf = async (c: ClusterLocation): Promise<AksKubernetesSession> => {
    const key = c.clusterId.toLowerCase();
    let session = sessions.get(key);
    if (!session) {
      const aks = containerService(c.subscriptionId);
      // The access profile decides the path (direct, or runCommand for a private API server).
      const cluster = await aks.managedClusters.get(c.resourceGroup, c.clusterName);
      session = new AksKubernetesSession(aks, {
        resourceGroup: c.resourceGroup, name: c.clusterName,
        access: normaliseApiServerAccess(cluster.apiServerAccessProfile),
        ...(cluster.aadProfile ? { entra: normaliseEntra(cluster.aadProfile) } : {}),
      }, access);
      sessions.set(key, session);
    }
    return session;
  };
  const readList = async (c: ClusterLocation, list: KubeListName): Promise<KubeListObject> => {
    const read = await (await sessionOf(c)).read([list]);
    const got = read.lists[list];
    if (!got) {
      sessions.delete(c.clusterId.toLowerCase()); // credentials may have rotated: fetch them again next time
      throw new Error(read.failures[0]?.reason ?? `Kubernetes ${list}: not read`);
    }
    return got;
  };
  return {
    readNodes: async (c) => ((await readList(c, 'nodes')).items as RawNode[]).map(toKubeNode),
    readBlockingPdbs: async (c) => blockingPdbs((await readList(c, 'podDisruptionBudgets')).items as RawPdb[]),
    readPods: async (c) => ((await readList(c, 'pods')).items as Parameters<typeof toPodState>[0][]).map(toPodState),
  };
}

/** A `NodeReader` over ARM + @kubernetes/client-node (see createKubeReaders). */
export function createNodeReader(
  containerService: (subscriptionId: string) => ContainerServiceClient,
  access?: KubeAccessSettings,
): NodeReader {
  return createKubeReaders(containerService, access).readNodes;
}
