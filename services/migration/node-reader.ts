// Reads a cluster's Kubernetes nodes for the progress watcher, with the cluster's user kubeconfig
// (as the product gets it from ARM). One kubeconfig per cluster is cached while the process runs.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { KubeNode } from '../cluster/types.ts';
import type { OperationRecord } from '../store/types.ts';

/** Lists the nodes of the operation's cluster; throws when the Kubernetes API cannot be read. */
export type NodeReader = (op: OperationRecord) => Promise<KubeNode[]>;

interface RawNode {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: { conditions?: { type?: string; status?: string }[] };
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

/** A `NodeReader` over `listClusterUserCredentials` + @kubernetes/client-node. */
export function createNodeReader(containerService: (subscriptionId: string) => ContainerServiceClient): NodeReader {
  const apis = new Map<string, CoreV1Api>();
  return async (op) => {
    const key = op.clusterId.toLowerCase();
    let api = apis.get(key);
    if (!api) {
      const creds = await containerService(op.subscriptionId).managedClusters
        .listClusterUserCredentials(op.resourceGroup, op.clusterName);
      const value = creds.kubeconfigs?.[0]?.value;
      if (!value || value.length === 0) throw new Error('listClusterUserCredential returned no kubeconfig');
      const kc = new KubeConfig();
      kc.loadFromString(Buffer.from(value).toString('utf8'));
      api = kc.makeApiClient(CoreV1Api);
      apis.set(key, api);
    }
    try {
      const list = await api.listNode();
      return (list.items as RawNode[]).map(toKubeNode);
    } catch (err) {
      apis.delete(key); // credentials may have rotated: fetch them again next time
      throw err;
    }
  };
}
