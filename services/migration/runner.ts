// The migration runner (issue 5, execution). Exactly-once start is a state: the runner first claims
// the approved request (`approved` -> `starting`, a versioned write; a second claimer sends nothing),
// then GETs the cluster through the retrying read client, records each pool's original nodes, and
// PUTs only the plan's networkProfile change with If-Match = the eTag the approval saw, through the
// no-retry write client. The operation (its Azure-AsyncOperation URL) is recorded and the request
// moved to running in one transaction. A PUT that failed without an HTTP status (connection reset,
// response dropped) is ambiguous: the cluster is read, and when it is updating or shows the change
// the operation is recorded and watched; only a definite refusal marks the request failed.
import { randomUUID } from 'node:crypto';
import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import { applyEvent, systemClock, type Clock } from '../approval/apply.ts';
import type { Executor } from '../approval/service.ts';
import type { ApprovalRequest, RequestOutcome } from '../approval/types.ts';
import type { NetworkProfileChange } from '../preflight/types.ts';
import { describeFailure, headerValue as header } from '../retry/failure.ts';
import type { OperationLeases } from '../leases/types.ts';
import type { OperationRecord, OriginalPool, Store } from '../store/types.ts';
import { friendlyError, type ArmError } from './friendly-errors.ts';
import { podSnapshot, type PodReader, type PodSnapshot } from '../health/pods.ts';
import type { NodeReader } from './node-reader.ts';
import { originOf } from './operation-url.ts';
import { originalPools, profileHasChange, type PoolArm } from './progress.ts';
import type { FriendlyError } from './types.ts';

/** What an AKS client is for: `read` retries (429 Retry-After, 5xx, network); `write` never retries. */
export type ClientPurpose = 'read' | 'write';

/** Dependencies of the runner. */
export interface RunnerDeps {
  store: Store;
  /** AKS clients: reads go through `read` (retrying), the PUT through `write` (no automatic retry). */
  containerService(subscriptionId: string, purpose: ClientPurpose): ContainerServiceClient;
  /** Kubernetes nodes, to record each pool's original nodes before the PUT; absent = the watcher records them. */
  readNodes?: NodeReader;
  /** Kubernetes pods, read before the PUT for the health summary after the step (absent: not read). */
  readPods?: PodReader;
  clock?: Clock;
  newId?: () => string;
  /** Called once the operation is recorded and the request is running (e.g. `watcher.watch`). */
  onStarted?: (op: OperationRecord) => void;
  /** Called when the update was refused (412/409/429/other) and the request marked failed. */
  onRefused?: (request: ApprovalRequest, result: Extract<RunResult, { status: 'refused' }>) => void;
  /** Logs a problem that did not stop the runner (never throws). */
  onError?: (err: unknown, context: { requestId: string; stage: string }) => void;
  /** Several instances: the instance starting a request holds the lease `start:<request id>`, so the
   * recovery of another instance leaves a start in progress alone (absent: one process). */
  leases?: OperationLeases;
}

/** Why the runner sent nothing, or what refused the update. */
export type RefusalCode = 'cluster-changed' | 'busy' | 'throttled' | 'not-approved' | 'no-etag' | 'not-applied' | 'error';

/** What `execute` did. */
export type RunResult =
  | { status: 'started'; operation: OperationRecord }
  | { status: 'refused'; code: RefusalCode; httpStatus?: number; retryAfterSeconds?: number; error: FriendlyError };

/** The ARM error body a RestError carries, when it has one. */
function armErrorOf(err: unknown): ArmError {
  const e = err as { code?: unknown; message?: unknown; details?: { error?: ArmError } | ArmError; response?: { bodyAsText?: string } };
  const details = e.details as { error?: ArmError } | undefined;
  if (details?.error?.code) return details.error;
  try {
    const body = e.response?.bodyAsText ? (JSON.parse(e.response.bodyAsText) as { error?: ArmError }) : undefined;
    if (body?.error?.code) return body.error;
  } catch { /* not JSON: fall through */ }
  return { code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message : String(err) };
}

/** The networkProfile as plain JSON (what the watcher reports as "before"). */
function plainProfile(cluster: ManagedCluster): Record<string, unknown> {
  return JSON.parse(JSON.stringify(cluster.networkProfile ?? {})) as Record<string, unknown>;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);

/** True when the cluster runs an operation (provisioningState not terminal). */
function isBusy(cluster: ManagedCluster): boolean {
  return cluster.provisioningState !== undefined && !TERMINAL.has(cluster.provisioningState);
}

function armPoolsOf(cluster: ManagedCluster): PoolArm[] {
  return (cluster.agentPoolProfiles ?? []).map((p) => ({ name: p.name, count: p.count, provisioningState: p.provisioningState }));
}

const NO_ETAG: FriendlyError = {
  code: 'MissingETag', message: '', messageId: 'error.no-etag',
};

interface RecordInput {
  url: string | null;
  before: Record<string, unknown>;
  change: NetworkProfileChange;
  pollerState?: string;
  armEndpoint?: string;
  originalNodes?: OriginalPool[];
  podsBefore?: PodSnapshot;
}

/** Starts approved migrations; implements the approval service's `Executor`. */
export class MigrationRunner implements Executor {
  private readonly deps: RunnerDeps;
  private readonly clock: Clock;
  private readonly newId: () => string;
  /** Requests this runner is starting now (recovery leaves them alone). */
  private readonly inflight = new Set<string>();

  constructor(deps: RunnerDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.newId = deps.newId ?? (() => randomUUID());
  }

  /** Claims an approved request and sends its update (or records a dry run); never throws for Azure
   * errors. When another caller claimed it first, sends nothing (`not-approved`). */
  async execute(request: ApprovalRequest): Promise<RunResult> {
    const { store } = this.deps;
    const current = store.requests.get(request.id);
    if (!current || current.state !== 'approved') return notApproved(request.id, current?.state);
    if (!current.dryRun && !current.approvedETag) return this.refuseWith(current, 'no-etag', NO_ETAG);
    const claimed = applyEvent(store, current.id, { type: 'claim' }, this.clock.now());
    if (!claimed.ok) return notApproved(request.id, claimed.request?.state);
    this.inflight.add(current.id);
    const leased = await this.startLease(current.id);
    try {
      return await this.send(claimed.request);
    } finally {
      this.inflight.delete(current.id);
      if (leased) await this.deps.leases?.release(startKey(current.id)).catch((err: unknown) => this.report(err, current.id, 'start-lease'));
    }
  }

  /** Takes the start lease of a request (true when held; without leases, false). A lease that
   * cannot be read does not stop a start this instance already claimed. */
  private async startLease(requestId: string): Promise<boolean> {
    if (!this.deps.leases) return false;
    try {
      return await this.deps.leases.acquire(startKey(requestId));
    } catch (err) {
      this.report(err, requestId, 'start-lease');
      return false;
    }
  }

  /** On start-up, before the bot serves anyone: approved requests that were never claimed are
   * started; claimed (`starting`) requests without an operation (the process stopped around the
   * PUT) are taken over with a versioned write, then adopted when the cluster is updating or shows
   * the change, or sent again otherwise (safely: If-Match refuses it if the cluster changed). */
  async recover(): Promise<RunResult[]> {
    const { store } = this.deps;
    const results: RunResult[] = [];
    for (const request of store.requests.listByState(['approved', 'starting'])) {
      if (store.operations.byRequest(request.id) || this.inflight.has(request.id)) continue;
      if (store.schedules.get(request.id)?.state === 'waiting') continue; // the scheduler starts it at its time
      if (request.state === 'approved') {
        results.push(await this.execute(request));
        continue;
      }
      // Another live instance is starting it (it holds the start lease): leave it alone.
      if (this.deps.leases && !(await this.startLease(request.id))) continue;
      const at = this.clock.now().toISOString();
      this.inflight.add(request.id);
      try {
        if (!store.requests.update(request.id, request.version, { updatedAt: at })) continue; // another recoverer won
        const mine = { ...request, version: request.version + 1, updatedAt: at };
        results.push(await this.resume(mine));
      } finally {
        this.inflight.delete(request.id);
        await this.deps.leases?.release(startKey(request.id)).catch((err: unknown) => this.report(err, request.id, 'start-lease'));
      }
    }
    return results;
  }

  /** A claimed request whose PUT may or may not have gone out. */
  private async resume(request: ApprovalRequest): Promise<RunResult> {
    if (request.dryRun) return this.send(request);
    let cluster: ManagedCluster;
    try {
      cluster = await this.client(request, 'read').managedClusters.get(request.cluster.resourceGroup, request.cluster.name);
    } catch (err) {
      // Unknown whether the update went out: watch the cluster (the watcher reports unknown if it stays unreadable).
      this.report(err, request.id, 'recover-read');
      return this.record(request, { url: null, before: {}, change: { ...request.plan.networkProfile } });
    }
    if (this.ours(request, cluster)) {
      return this.record(request, { url: null, before: plainProfile(cluster), change: { ...request.plan.networkProfile },
        originalNodes: await this.originals(request, cluster, true) });
    }
    return this.send(request, cluster);
  }

  /** GET (read client), original nodes, PUT (write client); `cluster` when already read. */
  private async send(request: ApprovalRequest, read?: ManagedCluster): Promise<RunResult> {
    const ref = request.cluster;
    let cluster: ManagedCluster;
    if (read) {
      cluster = read;
    } else {
      try {
        cluster = await this.client(request, 'read').managedClusters.get(ref.resourceGroup, ref.name);
      } catch (err) {
        return this.refuse(request, err);
      }
    }
    const before = plainProfile(cluster);
    const change = { ...request.plan.networkProfile };
    if (request.dryRun) return this.record(request, { url: null, before, change });
    if (!cluster.eTag || !request.approvedETag) return this.refuseWith(request, 'no-etag', NO_ETAG);
    const originalNodes = await this.originals(request, cluster, false);
    const podsBefore = this.deps.readPods ? await podSnapshot(this.deps.readPods, this.location(request), this.clock.now()) : undefined;

    const body: ManagedCluster = {
      ...cluster,
      networkProfile: { ...cluster.networkProfile, ...change } as ManagedCluster['networkProfile'],
    };
    let asyncUrl: string | undefined;
    let locationUrl: string | undefined;
    let pollerState: string | undefined;
    let armEndpoint: string | undefined;
    try {
      const poller = await this.client(request, 'write').managedClusters.beginCreateOrUpdate(ref.resourceGroup, ref.name, body, {
        ifMatch: request.approvedETag,
        onResponse: (raw) => {
          armEndpoint ??= originOf(raw.request.url);
          asyncUrl = header(raw.headers, 'azure-asyncoperation') ?? asyncUrl;
          locationUrl = header(raw.headers, 'location') ?? locationUrl;
        },
      });
      try { pollerState = poller.toString(); } catch { /* no state before the first response */ }
    } catch (err) {
      if (describeFailure(err).status === undefined) return this.ambiguous(request, err, { before, change, originalNodes, armEndpoint });
      return this.refuse(request, err);
    }
    return this.record(request, { url: asyncUrl ?? locationUrl ?? null, before, change, pollerState, armEndpoint, originalNodes, podsBefore });
  }

  /** The PUT failed without an HTTP status: it may have been applied. Read the cluster: updating
   * or showing the change means it was (record and watch); unchanged means it was not (failed);
   * unreadable means nobody knows yet (record and let the watcher find out). */
  private async ambiguous(request: ApprovalRequest, err: unknown, o: Omit<RecordInput, 'url'>): Promise<RunResult> {
    this.report(err, request.id, 'put-ambiguous');
    let cluster: ManagedCluster;
    try {
      cluster = await this.client(request, 'read').managedClusters.get(request.cluster.resourceGroup, request.cluster.name);
    } catch (readErr) {
      this.report(readErr, request.id, 'put-ambiguous-read');
      return this.record(request, { url: null, ...o });
    }
    if (this.ours(request, cluster)) return this.record(request, { url: null, ...o });
    const f = describeFailure(err);
    return this.refuseWith(request, 'not-applied', {
      code: 'UpdateNotApplied', message: f.networkCode ?? f.message,
      messageId: 'error.not-applied',
    });
  }

  /** True when the cluster shows this request's update: it changed since the approval (eTag: every
   * accepted PUT changes it) and is updating or carries the change in its network profile. (A
   * finishing update of an incomplete migration carries the change from the start: only the eTag
   * tells whether it landed.) */
  private ours(request: ApprovalRequest, cluster: ManagedCluster): boolean {
    if (cluster.eTag === request.approvedETag) return false;
    const np = (cluster.networkProfile ?? {}) as Record<string, unknown>;
    return isBusy(cluster) || profileHasChange(np, request.plan.networkProfile);
  }

  /** Each pool's nodes before the update (undefined when Kubernetes cannot be read now). */
  private async originals(request: ApprovalRequest, cluster: ManagedCluster, adopted: boolean): Promise<OriginalPool[] | undefined> {
    if (!this.deps.readNodes) return undefined;
    const ref = request.cluster;
    try {
      const nodes = await this.deps.readNodes({ clusterId: ref.id, subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, clusterName: ref.name });
      return originalPools(request.target, armPoolsOf(cluster), nodes, adopted);
    } catch (err) {
      this.report(err, request.id, 'original-nodes');
      return undefined;
    }
  }

  private location(request: ApprovalRequest) {
    const ref = request.cluster;
    return { clusterId: ref.id, subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, clusterName: ref.name };
  }

  private client(request: ApprovalRequest, purpose: ClientPurpose): ContainerServiceClient {
    return this.deps.containerService(request.cluster.subscriptionId, purpose);
  }

  /** Records the operation and moves the request to running, atomically. */
  private record(request: ApprovalRequest, o: RecordInput): RunResult {
    const { store } = this.deps;
    const now = this.clock.now();
    const at = now.toISOString();
    const op: OperationRecord = {
      id: this.newId(), requestId: request.id, clusterId: request.cluster.id, subscriptionId: request.cluster.subscriptionId,
      resourceGroup: request.cluster.resourceGroup, clusterName: request.cluster.name, target: request.target,
      asyncOperationUrl: o.url, ...(o.pollerState ? { pollerState: o.pollerState } : {}),
      ...(o.armEndpoint ? { armEndpoint: o.armEndpoint } : {}), startedAt: at,
      before: o.before, change: o.change, ...(o.originalNodes ? { originalNodes: o.originalNodes } : {}),
      ...(o.podsBefore ? { podsBefore: o.podsBefore } : {}),
      status: 'running', dryRun: request.dryRun, updatedAt: at,
    };
    const started = store.transaction(() => {
      store.operations.insert(op);
      const applied = applyEvent(store, request.id, { type: 'start', operation: { id: op.id, asyncOperationUrl: o.url } }, now);
      if (!applied.ok) throw new Error(`request ${request.id} could not start: ${applied.reason}`);
      return op;
    });
    this.deps.onStarted?.(started);
    return { status: 'started', operation: started };
  }

  /** Marks the request failed for a refused PUT (or GET) and says why; never retries. */
  private refuse(request: ApprovalRequest, err: unknown): RunResult {
    const f = describeFailure(err);
    const arm = armErrorOf(err);
    const retryAfterSeconds = f.retryAfterSeconds;
    let code: RefusalCode = 'error';
    if (f.status === 412) { code = 'cluster-changed'; arm.code = 'PreconditionFailed'; }
    else if (f.status === 409) { code = 'busy'; arm.code ??= 'Conflict'; }
    else if (f.status === 429) { code = 'throttled'; arm.code ??= 'Throttled'; }
    const error = friendlyError(arm);
    if (retryAfterSeconds !== undefined) {
      error.params = { ...error.params, retryAfter: Math.ceil(retryAfterSeconds) };
    }
    return this.refuseWith(request, code, error, f.status, retryAfterSeconds);
  }

  private refuseWith(request: ApprovalRequest, code: RefusalCode, error: FriendlyError, httpStatus?: number, retryAfterSeconds?: number): RunResult {
    const outcome: RequestOutcome = {
      status: 'failed', code: error.code,
      message: code === 'cluster-changed' ? `cluster changed since approval: ${error.message}` : error.message,
    };
    applyEvent(this.deps.store, request.id, { type: 'finish', outcome }, this.clock.now());
    const result = { status: 'refused' as const, code, ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}), error };
    this.deps.onRefused?.(request, result);
    return result;
  }

  private report(err: unknown, requestId: string, stage: string): void {
    try { this.deps.onError?.(err, { requestId, stage }); } catch { /* a logger must not stop the runner */ }
  }
}

/** Lease name of a request being started. */
function startKey(requestId: string): string {
  return `start:${requestId}`;
}

function notApproved(requestId: string, state: string | undefined): RunResult {
  return { status: 'refused', code: 'not-approved',
    error: { code: 'NotApproved', message: '', messageId: 'error.not-approved', params: { requestId, state: state ?? 'unknown' } } };
}
