// One poll's reading for the watcher: the operation status (through the SDK poller:
// operation-status.ts), the Kubernetes nodes (every poll: their labels are the progress), and the
// cluster (managedClusters.get) only when it can tell something the last reading did not
// (`clusterReadReason`): the first poll of this watcher, the operation URL gone (the cluster is then
// the only source of the outcome), the operation ended (its outcome is checked against the
// cluster), the nodes unreadable (ARM pool states are then the only progress), a pool finished by
// its nodes, or `clusterRefreshPolls` polls since the last read. Between reads the last cluster
// view serves (pool states, profile). A running status needs no read: the SDK reports every
// non-terminal status as running, so there is no change of it to see.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { KubeNode } from '../cluster/types.ts';
import { describeFailure } from '../retry/failure.ts';
import type { OperationRecord } from '../store/types.ts';
import { readOperationStatus, type LroRead } from './operation-status.ts';
import { originOf } from './operation-url.ts';
import { computePools, type PoolArm } from './progress.ts';
import { terminal, type WatcherDeps, type WatcherState, type WatchSettings } from './watch-context.ts';

/** What the watcher last read of the cluster. */
export interface ClusterView {
  provisioningState: string;
  pools: PoolArm[];
  networkProfile: Record<string, unknown>;
  /** Pools finished by their nodes when it was read (names, comma-separated). */
  finishedPools: string;
  /** `state.polls` when it was read. */
  poll: number;
}

/** Why the cluster is read on a poll. */
export type ClusterReadReason = 'first' | 'no-operation-status' | 'status-ended' | 'nodes-unreadable' | 'pool-finished' | 'refresh';

/** Why the cluster must be read on this poll, or undefined when the last view still serves. */
export function clusterReadReason(i: { view: ClusterView | undefined; lroStatus: string | undefined; nodesRead: boolean;
  finishedPools: string; polls: number; refreshPolls: number }): ClusterReadReason | undefined {
  if (!i.view) return 'first';
  if (i.lroStatus === undefined) return 'no-operation-status';
  if (terminal(i.lroStatus)) return 'status-ended';
  if (!i.nodesRead) return 'nodes-unreadable';
  if (i.finishedPools !== i.view.finishedPools) return 'pool-finished';
  if (i.polls - i.view.poll >= i.refreshPolls) return 'refresh';
  return undefined;
}

/** The Kubernetes nodes, or why they are not known. */
export interface NodesRead { nodes?: KubeNode[]; error?: string }

/** One poll's reading. */
export interface Reading {
  cluster: ClusterView;
  lro?: LroRead;
  nodes: NodesRead;
  /** Why the cluster was read on this poll; absent when the last view served. */
  clusterRead?: ClusterReadReason;
}

export type ReadResult = { ok: true; r: Reading } | { ok: false; e: unknown; stage: 'cluster' | 'lro' };

export class PollReader {
  /** Origin of the ARM endpoint the clients use now (seen on the last cluster read). */
  private endpoint: string | undefined;
  private readonly views = new Map<string, ClusterView>();

  constructor(private readonly deps: WatcherDeps, private readonly settings: WatchSettings, private readonly http: HttpClient,
    private readonly report: (err: unknown, operationId: string, stage: string) => void) {}

  /** Drops the cluster view of an operation this watcher no longer polls. */
  forget(operationId: string): void {
    this.views.delete(operationId);
  }

  async read(op: OperationRecord, state: WatcherState): Promise<ReadResult> {
    const client = this.deps.containerService(op.subscriptionId);
    const last = this.views.get(op.id);
    let reason: ClusterReadReason | undefined;
    let fresh: ClusterView | undefined;
    // Without a configured ARM endpoint the trusted one is where the cluster reads go: read it first.
    if (!this.deps.armEndpoint && !this.endpoint) {
      reason = 'first';
      const c = await this.readCluster(client, op, state);
      if (!c.ok) return { ok: false, e: c.e, stage: 'cluster' };
      fresh = c.v;
    }
    const lro = await readOperationStatus({ client, http: this.http, op, state, endpoint: this.deps.armEndpoint ?? this.endpoint,
      failureLimit: this.settings.operationFailureLimit, report: (err, stage) => this.report(err, op.id, stage) });
    if (lro.kind === 'failed') return { ok: false, e: lro.e, stage: 'lro' };
    const lroRead = lro.kind === 'read' ? lro.v : undefined;
    const nodes = await this.readNodes(op);
    const finished = (v: ClusterView): string => finishedPools(op, v.pools, nodes.nodes, state);
    reason ??= clusterReadReason({ view: last, lroStatus: lroRead?.status, nodesRead: nodes.nodes !== undefined,
      finishedPools: last ? finished(last) : '', polls: state.polls, refreshPolls: this.settings.clusterRefreshPolls });
    let view = fresh ?? last;
    if (!view || (reason && !fresh)) {
      const c = await this.readCluster(client, op, state);
      if (!c.ok) return { ok: false, e: c.e, stage: 'cluster' };
      view = c.v;
    }
    if (view !== last) Object.assign(view, { finishedPools: finished(view), poll: state.polls });
    this.views.set(op.id, view);
    return { ok: true, r: { cluster: view, ...(lroRead ? { lro: lroRead } : {}), nodes, ...(reason ? { clusterRead: reason } : {}) } };
  }

  /** Reads the cluster, noting what was seen busy (the ARM fallback's evidence of a change). */
  private async readCluster(client: ContainerServiceClient, op: OperationRecord, state: WatcherState):
    Promise<{ ok: true; v: ClusterView } | { ok: false; e: unknown }> {
    try {
      const cluster = await client.managedClusters.get(op.resourceGroup, op.clusterName, {
        onResponse: (raw) => { this.endpoint = originOf(raw.request.url) ?? this.endpoint; },
      });
      const provisioningState = cluster.provisioningState ?? 'Unknown';
      if (!terminal(provisioningState)) state.clusterSeenBusy = true;
      const pools: PoolArm[] = (cluster.agentPoolProfiles ?? []).map((p) => ({ name: p.name, count: p.count, provisioningState: p.provisioningState }));
      for (const p of pools) {
        if (p.provisioningState && p.provisioningState !== 'Succeeded' && !state.seenBusy.includes(p.name)) state.seenBusy.push(p.name);
      }
      const networkProfile = JSON.parse(JSON.stringify(cluster.networkProfile ?? {})) as Record<string, unknown>;
      return { ok: true, v: { provisioningState, pools, networkProfile, finishedPools: '', poll: state.polls } };
    } catch (e) {
      return { ok: false, e };
    }
  }

  private async readNodes(op: OperationRecord): Promise<NodesRead> {
    if (!this.deps.readNodes) return { error: 'no Kubernetes reader configured' };
    try {
      return { nodes: await this.deps.readNodes(op) };
    } catch (err) {
      return { error: describeFailure(err).message };
    }
  }
}

function finishedPools(op: OperationRecord, pools: PoolArm[], nodes: KubeNode[] | undefined, state: WatcherState): string {
  return computePools(op.target, pools, nodes, state.seenBusy, op.originalNodes).filter((p) => p.finished).map((p) => p.name).sort().join(',');
}
