// Reads a cluster's Kubernetes nodes and PodDisruptionBudgets for the runner and the progress
// watcher, with the cluster's user kubeconfig (as the product gets it from ARM). One client per
// cluster is cached while the process runs and dropped after a failure (credentials may rotate).
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { CoreV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import type { KubeNode } from '../cluster/types.ts';

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

interface Apis { core: CoreV1Api; policy: PolicyV1Api }

/** Node and PDB readers over `listClusterUserCredentials` + @kubernetes/client-node, sharing one client per cluster. */
export function createKubeReaders(containerService: (subscriptionId: string) => ContainerServiceClient): { readNodes: NodeReader; readBlockingPdbs: PdbReader } {
  const apis = new Map<string, Apis>();
  const apisOf = async (c: ClusterLocation): Promise<Apis> => {
    const key = c.clusterId.toLowerCase();
    let a = apis.get(key);
    if (!a) {
      const creds = await containerService(c.subscriptionId).managedClusters.listClusterUserCredentials(c.resourceGroup, c.clusterName);
      const value = creds.kubeconfigs?.[0]?.value;
      if (!value || value.length === 0) throw new Error('listClusterUserCredential returned no kubeconfig');
      const kc = new KubeConfig();
      kc.loadFromString(Buffer.from(value).toString('utf8'));
      a = { core: kc.makeApiClient(CoreV1Api), policy: kc.makeApiClient(PolicyV1Api) };
      apis.set(key, a);
    }
    return a;
  };
  const withApis = async <T>(c: ClusterLocation, read: (a: Apis) => Promise<T>): Promise<T> => {
    const a = await apisOf(c);
    try {
      return await read(a);
    } catch (err) {
      apis.delete(c.clusterId.toLowerCase()); // credentials may have rotated: fetch them again next time
      throw err;
    }
  };
  return {
    readNodes: (c) => withApis(c, async (a) => ((await a.core.listNode()).items as RawNode[]).map(toKubeNode)),
    readBlockingPdbs: (c) => withApis(c, async (a) => blockingPdbs((await a.policy.listPodDisruptionBudgetForAllNamespaces()).items as RawPdb[])),
  };
}

/** A `NodeReader` over `listClusterUserCredentials` + @kubernetes/client-node. */
export function createNodeReader(containerService: (subscriptionId: string) => ContainerServiceClient): NodeReader {
  return createKubeReaders(containerService).readNodes;
}
