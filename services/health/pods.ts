// Pods reduced to what the health summary compares: where, whether running and ready, and why not.

/** Where a cluster is (the runner's and watcher's `ClusterLocation`). */
interface ClusterLocation {
  clusterId: string;
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
}

/** One pod's health. */
export interface PodState {
  namespace: string;
  name: string;
  node?: string;
  /** `k8s-app` / `app` label. */
  app?: string;
  phase: string;
  /** Running with every container ready, or Succeeded (a finished job). */
  healthy: boolean;
  ready: boolean;
  /** Why not healthy: a container's waiting reason (e.g. CrashLoopBackOff), `NotReady`, or the phase. */
  reason?: string;
}

/** Pods read at one moment, or why they could not be read. */
export type PodSnapshot = { at: string; pods: PodState[] } | { at: string; error: string };

/** Lists every pod of a cluster; throws when the Kubernetes API cannot be read. */
export type PodReader = (cluster: ClusterLocation) => Promise<PodState[]>;

interface RawPod {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    containerStatuses?: { ready?: boolean; state?: { waiting?: { reason?: string }; terminated?: { reason?: string }; running?: unknown } }[];
  };
}

/** The health of a Pod object (wire JSON). */
export function toPodState(raw: RawPod): PodState {
  const phase = raw.status?.phase ?? 'Unknown';
  const containers = raw.status?.containerStatuses ?? [];
  const ready = phase === 'Running' && containers.length > 0 && containers.every((c) => c.ready === true);
  const healthy = phase === 'Succeeded' || ready;
  const waiting = containers.map((c) => c.state?.waiting?.reason ?? c.state?.terminated?.reason).find(Boolean);
  const labels = raw.metadata?.labels ?? {};
  const app = labels['k8s-app'] ?? labels.app;
  return {
    namespace: raw.metadata?.namespace ?? 'default',
    name: raw.metadata?.name ?? '',
    ...(raw.spec?.nodeName ? { node: raw.spec.nodeName } : {}),
    ...(app ? { app } : {}),
    phase,
    healthy,
    ready,
    ...(healthy ? {} : { reason: waiting ?? (phase === 'Running' ? 'NotReady' : phase) }),
  };
}

/** Reads pods and never throws: the snapshot says why when they could not be read. */
export async function podSnapshot(read: PodReader | undefined, cluster: ClusterLocation, at: Date): Promise<PodSnapshot> {
  if (!read) return { at: at.toISOString(), error: 'no pod reader configured' };
  try {
    return { at: at.toISOString(), pods: await read(cluster) };
  } catch (err) {
    return { at: at.toISOString(), error: err instanceof Error ? err.message : String(err) };
  }
}
