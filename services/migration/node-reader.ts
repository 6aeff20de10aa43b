// Reads a cluster's Kubernetes nodes for the progress watcher the way preflight does (AksKubernetesSession):
// the cluster user kubeconfig from ARM, an Entra ID token from NetPilot's own credential (never an
// exec plugin), a deadline per call, and AKS runCommand for a private / IP-restricted API server.
// One session per cluster is kept while it works; a failure drops it so credentials are fetched again.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { normaliseApiServerAccess, normaliseEntra } from '../cluster/load.ts';
import type { KubeNode } from '../cluster/types.ts';
import { AksKubernetesSession, type KubeAccessSettings } from '../kubernetes/aks-reader.ts';
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

/** A `NodeReader` over ARM + @kubernetes/client-node. `access` defaults to runCommand on and no
 * credential (clusters with static kubeconfig credentials only). */
export function createNodeReader(
  containerService: (subscriptionId: string) => ContainerServiceClient,
  access: KubeAccessSettings = { runCommand: true },
): NodeReader {
  const sessions = new Map<string, AksKubernetesSession>();
  return async (op) => {
    const key = op.clusterId.toLowerCase();
    let session = sessions.get(key);
    if (!session) {
      const aks = containerService(op.subscriptionId);
      // The access profile decides the path (direct, or runCommand for a private API server).
      const cluster = await aks.managedClusters.get(op.resourceGroup, op.clusterName);
      session = new AksKubernetesSession(aks, {
        resourceGroup: op.resourceGroup, name: op.clusterName,
        access: normaliseApiServerAccess(cluster.apiServerAccessProfile),
        ...(cluster.aadProfile ? { entra: normaliseEntra(cluster.aadProfile) } : {}),
      }, access);
      sessions.set(key, session);
    }
    const read = await session.read(['nodes']);
    const nodes = read.lists.nodes;
    if (!nodes) {
      sessions.delete(key); // credentials may have rotated: fetch them again next time
      throw new Error(read.failures[0]?.reason ?? 'Kubernetes nodes: not read');
    }
    return (nodes.items as RawNode[]).map(toKubeNode);
  };
}
