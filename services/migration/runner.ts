// The migration runner (issue 5, execution): GET the cluster, apply only the plan's networkProfile
// change, PUT with If-Match = the eTag the approval saw, record the operation (its
// Azure-AsyncOperation URL) and move the request to running in one transaction. Never retries a PUT.
import { randomUUID } from 'node:crypto';
import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import { applyEvent, systemClock, type Clock } from '../approval/apply.ts';
import type { Executor } from '../approval/service.ts';
import type { ApprovalRequest, RequestOutcome } from '../approval/types.ts';
import type { NetworkProfileChange } from '../preflight/types.ts';
import { describeFailure, parseRetryAfter } from '../kubernetes/retry.ts';
import type { OperationRecord, Store } from '../store/types.ts';
import { friendlyError, type ArmError } from './friendly-errors.ts';
import type { FriendlyError } from './types.ts';

/** Dependencies of the runner. `containerService` should have no automatic retries for writes. */
export interface RunnerDeps {
  store: Store;
  containerService(subscriptionId: string): ContainerServiceClient;
  clock?: Clock;
  newId?: () => string;
  /** Called once the operation is recorded and the request is running (e.g. `watcher.watch`). */
  onStarted?: (op: OperationRecord) => void;
  /** Called when the PUT was refused (412/409/429/other) and the request marked failed. */
  onRefused?: (request: ApprovalRequest, result: Extract<RunResult, { status: 'refused' }>) => void;
}

/** What `execute` did. */
export type RunResult =
  | { status: 'started'; operation: OperationRecord }
  | { status: 'refused'; code: 'cluster-changed' | 'busy' | 'throttled' | 'not-approved' | 'error';
      httpStatus?: number; retryAfterSeconds?: number; error: FriendlyError };

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => string | null | undefined } & Record<string, unknown>;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return typeof v === 'string' ? v : undefined;
  return undefined;
}

/** Origin (`https://host[:port]`) of a URL; undefined when it is not one. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

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

/** Starts approved migrations; implements the approval service's `Executor`. */
export class MigrationRunner implements Executor {
  private readonly deps: RunnerDeps;
  private readonly clock: Clock;
  private readonly newId: () => string;

  constructor(deps: RunnerDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.newId = deps.newId ?? (() => randomUUID());
  }

  /** Sends the update for an approved request (or records a dry run); never throws for Azure errors. */
  async execute(request: ApprovalRequest): Promise<RunResult> {
    const { store } = this.deps;
    const current = store.requests.get(request.id);
    if (!current || current.state !== 'approved') {
      return { status: 'refused', code: 'not-approved',
        error: { code: 'NotApproved', message: `request ${request.id} is ${current?.state ?? 'unknown'}`,
          friendly: 'The request is not approved (any more), so nothing was sent.', nextStep: 'Check `status` for the cluster.' } };
    }
    const { cluster: ref } = current;
    const client = this.deps.containerService(ref.subscriptionId);
    let cluster: ManagedCluster;
    try {
      cluster = await client.managedClusters.get(ref.resourceGroup, ref.name);
    } catch (err) {
      return this.refuse(current, err);
    }
    const before = plainProfile(cluster);
    const change = { ...current.plan.networkProfile };
    if (current.dryRun) return this.record(current, { url: null, before, change });

    const body: ManagedCluster = {
      ...cluster,
      networkProfile: { ...cluster.networkProfile, ...change } as ManagedCluster['networkProfile'],
    };
    let asyncUrl: string | undefined;
    let locationUrl: string | undefined;
    let pollerState: string | undefined;
    let armEndpoint: string | undefined;
    try {
      const poller = await client.managedClusters.beginCreateOrUpdate(ref.resourceGroup, ref.name, body, {
        ifMatch: current.approvedETag ?? undefined,
        onResponse: (raw) => {
          armEndpoint ??= originOf(raw.request.url);
          asyncUrl = header(raw.headers, 'azure-asyncoperation') ?? asyncUrl;
          locationUrl = header(raw.headers, 'location') ?? locationUrl;
        },
      });
      try { pollerState = poller.toString(); } catch { /* no state before the first response */ }
    } catch (err) {
      return this.refuse(current, err);
    }
    return this.record(current, { url: asyncUrl ?? locationUrl ?? null, before, change, pollerState, armEndpoint });
  }

  /** On start-up: approved requests without a recorded operation (the process stopped between the
   * approval and the record). A cluster that is already updating or shows the change gets an
   * operation without URL (watched through provisioningState); otherwise the PUT is sent again,
   * safely, because If-Match refuses it (412) if the first one was applied. */
  async recover(): Promise<RunResult[]> {
    const { store } = this.deps;
    const results: RunResult[] = [];
    for (const request of store.requests.listByState(['approved'])) {
      if (store.operations.byRequest(request.id)) continue;
      const ref = request.cluster;
      let cluster: ManagedCluster;
      try {
        cluster = await this.deps.containerService(ref.subscriptionId).managedClusters.get(ref.resourceGroup, ref.name);
      } catch (err) {
        results.push(this.refuse(request, err));
        continue;
      }
      const np = (cluster.networkProfile ?? {}) as Record<string, unknown>;
      const applied = Object.entries(request.plan.networkProfile).every(([k, v]) => JSON.stringify(np[k]) === JSON.stringify(v));
      const busy = cluster.provisioningState !== undefined && !['Succeeded', 'Failed', 'Canceled'].includes(cluster.provisioningState);
      if (!request.dryRun && (busy || applied)) {
        results.push(this.record(request, { url: null, before: plainProfile(cluster), change: { ...request.plan.networkProfile } }));
        continue;
      }
      results.push(await this.execute(request));
    }
    return results;
  }

  /** Records the operation and moves the request to running, atomically. */
  private record(request: ApprovalRequest, o: { url: string | null; before: Record<string, unknown>;
    change: NetworkProfileChange; pollerState?: string; armEndpoint?: string }): RunResult {
    const { store } = this.deps;
    const now = this.clock.now();
    const at = now.toISOString();
    const op: OperationRecord = {
      id: this.newId(), requestId: request.id, clusterId: request.cluster.id, subscriptionId: request.cluster.subscriptionId,
      resourceGroup: request.cluster.resourceGroup, clusterName: request.cluster.name, target: request.target,
      asyncOperationUrl: o.url, ...(o.pollerState ? { pollerState: o.pollerState } : {}),
      ...(o.armEndpoint ? { armEndpoint: o.armEndpoint } : {}), startedAt: at,
      before: o.before, change: o.change, status: 'running', dryRun: request.dryRun, updatedAt: at,
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
    const retryAfterSeconds = f.retryAfterSeconds
      ?? parseRetryAfter(header((err as { response?: { headers?: unknown } }).response?.headers, 'retry-after'));
    let code: Extract<RunResult, { status: 'refused' }>['code'] = 'error';
    if (f.status === 412) { code = 'cluster-changed'; arm.code ??= 'PreconditionFailed'; }
    else if (f.status === 409) { code = 'busy'; arm.code ??= 'Conflict'; }
    else if (f.status === 429) { code = 'throttled'; arm.code ??= 'Throttled'; }
    if (f.status === 412) arm.code = 'PreconditionFailed';
    const error = friendlyError(arm);
    if (retryAfterSeconds !== undefined) error.nextStep = `${error.nextStep} (Retry-After: ${Math.ceil(retryAfterSeconds)} s)`;
    const outcome: RequestOutcome = {
      status: 'failed', code: error.code,
      message: code === 'cluster-changed' ? `cluster changed since approval: ${error.message}` : error.message,
    };
    applyEvent(this.deps.store, request.id, { type: 'finish', outcome }, this.clock.now());
    const result = { status: 'refused' as const, code, httpStatus: f.status, retryAfterSeconds, error };
    this.deps.onRefused?.(request, result);
    return result;
  }
}
