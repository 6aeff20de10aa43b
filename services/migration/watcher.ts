// The progress watcher (issue 6): for each running operation, poll the LRO status URL, the cluster
// and pool provisioningState and the Kubernetes nodes; emit platform-neutral events through the
// notifier. Every piece of state lives in the store (milestones claimed before, marked done after
// the notifier call), so a restart resumes without losing or duplicating a milestone.
import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import { createDefaultHttpClient, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import { applyEvent, systemClock, type Clock } from '../approval/apply.ts';
import type { RequestOutcome } from '../approval/types.ts';
import type { KubeNode, Target } from '../cluster/types.ts';
import { describeFailure, parseRetryAfter } from '../kubernetes/retry.ts';
import type { OperationRecord, Store } from '../store/types.ts';
import { friendlyError, type ArmError } from './friendly-errors.ts';
import type { NodeReader } from './node-reader.ts';
import type {
  FriendlyError, MigrationOutcome, OperationInfo, PoolProgress, ProgressNotifier, ProgressSnapshot,
} from './types.ts';

/** Sleeps `ms`, resolving early when `signal` aborts (injected so tests do not wait). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Dependencies of the watcher. */
export interface WatcherDeps {
  store: Store;
  containerService(subscriptionId: string): ContainerServiceClient;
  notifier: ProgressNotifier;
  /** Kubernetes nodes of a cluster; absent = ARM signals only. */
  readNodes?: NodeReader;
  clock?: Clock;
  sleep?: Sleep;
  /** `NETPILOT_POLL_SECONDS` (default 15). */
  pollSeconds?: number;
  /** Longest wait after repeated 429/5xx (default 300 s). */
  maxBackoffSeconds?: number;
  /** Attempts per milestone before giving up on the notifier (default 3). */
  notifyAttempts?: number;
  /** Logs a problem once with context (never throws). */
  onError?: (err: unknown, context: { operationId: string; stage: string }) => void;
  httpClient?: HttpClient;
}

/** The watcher's own resumable state, kept in `operations.watcherState`. */
interface WatcherState {
  polls: number;
  consecutiveFailures: number;
  /** Pools seen in a non-Succeeded state during this operation. */
  seenBusy: string[];
  /** Failed notifier attempts per milestone key. */
  notifyFailures: Record<string, number>;
}

/** Labels that mark a node as converted, per target (observed, not documented: domain notes §5). */
export const TARGET_LABELS: Record<Target, readonly [string, string][]> = {
  overlay: [['kubernetes.azure.com/azure-cni-overlay', 'true'], ['kubernetes.azure.com/podnetwork-type', 'overlay']],
  cilium: [['kubernetes.azure.com/ebpf-dataplane', 'cilium']],
};

/** True when the node carries one of the target's labels. */
export function hasTargetLabels(node: KubeNode, target: Target): boolean {
  return TARGET_LABELS[target].some(([k, v]) => node.labels[k] === v);
}

/** True when a networkProfile shows the target. */
export function profileShowsTarget(np: Record<string, unknown> | undefined, target: Target): boolean {
  if (!np) return false;
  if (target === 'overlay') return np.networkPlugin === 'azure' && np.networkPluginMode === 'overlay';
  return np.networkDataplane === 'cilium';
}

const terminal = (s: string): s is 'Succeeded' | 'Failed' | 'Canceled' => s === 'Succeeded' || s === 'Failed' || s === 'Canceled';

interface PoolArm { name: string; count?: number; provisioningState?: string }

/** Per-pool progress from ARM pools and (when readable) Kubernetes nodes. Pure. */
export function computePools(target: Target, pools: PoolArm[], nodes: KubeNode[] | undefined, seenBusy: readonly string[]): PoolProgress[] {
  return pools.map((p) => {
    const armDone = p.provisioningState === 'Succeeded' && seenBusy.includes(p.name);
    if (!nodes) {
      const total = p.count ?? 0;
      return { name: p.name, total, reimaged: armDone ? total : 0, draining: 0, notReady: 0,
        provisioningState: p.provisioningState, percent: armDone ? 100 : 0, finished: armDone, source: 'arm' as const };
    }
    const mine = nodes.filter((n) => n.pool === p.name);
    const total = p.count ?? mine.length;
    const reimaged = Math.min(total, mine.filter((n) => n.ready && hasTargetLabels(n, target)).length);
    const draining = mine.filter((n) => n.unschedulable).length;
    const notReady = mine.filter((n) => !n.ready).length;
    const finished = total > 0 && reimaged >= total && draining === 0;
    return { name: p.name, total, reimaged, draining, notReady, provisioningState: p.provisioningState,
      percent: total > 0 ? Math.round((reimaged / total) * 100) : 0, finished, source: 'kubernetes' as const };
  });
}

/** Overall percentage: converted nodes over all nodes. */
export function overallPercent(pools: PoolProgress[]): number {
  const total = pools.reduce((s, p) => s + p.total, 0);
  if (total === 0) return 0;
  return Math.round((pools.reduce((s, p) => s + Math.min(p.reimaged, p.total), 0) / total) * 100);
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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL to poll for a stored operation URL. The stored URL is what Azure returned; only when it
 * lies on the endpoint recorded at PUT time, that endpoint is a loopback emulator, and the clients
 * now use another endpoint (the demo emulator restarted on a new port) does its path move onto the
 * current endpoint. Real Azure hosts are never rewritten. */
export function rebaseOperationUrl(url: string, recordedEndpoint: string | undefined, currentEndpoint: string | undefined): string {
  const recorded = originOf(recordedEndpoint);
  const current = originOf(currentEndpoint);
  if (!recorded || !current || recorded === current) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.origin !== recorded || !LOOPBACK.has(parsed.hostname)) return url;
  return `${current}${parsed.pathname}${parsed.search}`;
}

interface LroRead { status: string; error?: ArmError; retryAfterSeconds?: number }

/** Watches running operations until they end; resumes every running one on `resumeAll`. */
export class ProgressWatcher {
  private readonly deps: WatcherDeps;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private readonly notifyAttempts: number;
  private readonly http: HttpClient;
  private readonly loops = new Map<string, Promise<void>>();
  /** Origin of the ARM endpoint the clients use now (seen on the last cluster read). */
  private endpoint: string | undefined;
  private abort = new AbortController();

  constructor(deps: WatcherDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.sleep = deps.sleep ?? defaultSleep;
    this.pollMs = Math.max(0, (deps.pollSeconds ?? 15) * 1000);
    this.maxBackoffMs = (deps.maxBackoffSeconds ?? 300) * 1000;
    this.notifyAttempts = deps.notifyAttempts ?? 3;
    this.http = deps.httpClient ?? createDefaultHttpClient();
  }

  /** Starts watching every running operation in the store; returns their ids. */
  resumeAll(): string[] {
    const ids = this.deps.store.operations.listRunning().map((op) => op.id);
    for (const id of ids) this.watch(id);
    return ids;
  }

  /** Starts the poll loop of one operation (no-op when already watched or stopped). */
  watch(operationId: string): void {
    if (this.loops.has(operationId) || this.abort.signal.aborted) return;
    const loop = this.loop(operationId).finally(() => this.loops.delete(operationId));
    this.loops.set(operationId, loop);
  }

  /** Operation ids being watched now. */
  watching(): string[] {
    return [...this.loops.keys()];
  }

  /** Resolves when every loop has ended (operations finished or watcher stopped). */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.allSettled([...this.loops.values()]);
  }

  /** Stops all loops after their current poll; state stays in the store for the next watcher. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private async loop(operationId: string): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      let waitMs: number;
      try {
        const r = await this.pollOnce(operationId);
        if (r.done) return;
        waitMs = r.waitMs;
      } catch (err) {
        this.report(err, operationId, 'poll');
        waitMs = Math.min(this.maxBackoffMs, Math.max(this.pollMs, 1000) * 4);
      }
      if (signal.aborted) return;
      await this.sleep(waitMs, signal);
    }
  }

  /** One poll of one operation; `done` when it has ended (or is not running). */
  async pollOnce(operationId: string): Promise<{ done: boolean; waitMs: number }> {
    const { store } = this.deps;
    const op = store.operations.get(operationId);
    if (!op || op.status !== 'running') return { done: true, waitMs: 0 };
    const state = readState(op);
    const info = this.info(op);

    if (!(await this.milestone(op, state, 'started', () => this.deps.notifier.started(info, key(op, 'started'))))) {
      this.save(op, state);
      return { done: false, waitMs: this.pollMs };
    }
    if (op.dryRun) {
      return this.finish(op, state, info, { status: 'succeeded', at: this.clock.now().toISOString(),
        durationSeconds: this.elapsed(op), before: op.before, after: op.before, verified: false, dryRun: true,
        nextStep: 'Dry run: nothing was sent to Azure. Set BOT_EXECUTE=true to run it for real.' });
    }

    const client = this.deps.containerService(op.subscriptionId);
    // The cluster first: its request shows the endpoint the client uses now, onto which an operation
    // URL of a restarted demo emulator is rebased.
    const armCluster = await client.managedClusters.get(op.resourceGroup, op.clusterName, {
      onResponse: (raw) => { this.endpoint = originOf(raw.request.url) ?? this.endpoint; },
    }).then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));
    const lro = await this.readLro(client, op).then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));
    if (!armCluster.ok || (!lro.ok && op.asyncOperationUrl)) {
      const err = !armCluster.ok ? armCluster.e : (lro as { e: unknown }).e;
      state.consecutiveFailures += 1;
      this.report(err, op.id, !armCluster.ok ? 'cluster' : 'lro');
      const f = describeFailure(err);
      const backoff = Math.min(this.maxBackoffMs, Math.max(this.pollMs, 1000) * 2 ** state.consecutiveFailures);
      this.save(op, state);
      return { done: false, waitMs: Math.max(backoff, (f.retryAfterSeconds ?? 0) * 1000) };
    }
    state.consecutiveFailures = 0;
    state.polls += 1;
    const cluster = armCluster.v;
    const lroStatus = lro.ok ? lro.v : undefined;
    const clusterState = cluster.provisioningState ?? 'Unknown';
    const status = lroStatus?.status ?? clusterStatusAsLro(clusterState, state.polls);
    const armPools: PoolArm[] = (cluster.agentPoolProfiles ?? []).map((p) => ({ name: p.name, count: p.count,
      provisioningState: p.provisioningState }));
    for (const p of armPools) {
      if (p.provisioningState && p.provisioningState !== 'Succeeded' && !state.seenBusy.includes(p.name)) state.seenBusy.push(p.name);
    }

    let nodes: KubeNode[] | undefined;
    let kubernetesError: string | undefined;
    if (this.deps.readNodes) {
      try {
        nodes = await this.deps.readNodes(op);
      } catch (err) {
        kubernetesError = describeFailure(err).message;
      }
    } else {
      kubernetesError = 'no Kubernetes reader configured';
    }
    const pools = computePools(op.target, armPools, nodes, state.seenBusy);
    const percent = status === 'Succeeded' ? 100 : overallPercent(pools);
    const elapsedSeconds = this.elapsed(op);
    const fraction = percent / 100;
    const snapshot: ProgressSnapshot = {
      at: this.clock.now().toISOString(), percent, elapsedSeconds,
      ...(fraction > 0 && fraction < 1 ? { estimatedRemainingSeconds: Math.round((elapsedSeconds * (1 - fraction)) / fraction) } : {}),
      pools, kubernetesReadable: nodes !== undefined, ...(kubernetesError ? { kubernetesError } : {}),
      clusterProvisioningState: clusterState, operationStatus: status,
    };
    op.lastProgress = snapshot as unknown as Record<string, unknown>;
    try {
      await this.deps.notifier.progress(info, snapshot);
    } catch (err) {
      this.report(err, op.id, 'notify:progress');
    }

    const after = JSON.parse(JSON.stringify(cluster.networkProfile ?? {})) as Record<string, unknown>;
    const verified = profileShowsTarget(after, op.target);
    // A pool is announced when it finished, and (on success) every pool at the end.
    for (const pool of pools) {
      const done = pool.finished || (status === 'Succeeded' && verified);
      // ARM pool states after a failure say nothing about the nodes: announce nothing from them.
      if (!done || (pool.source === 'arm' && (status === 'Failed' || status === 'Canceled'))) continue;
      const finishedPool: PoolProgress = { ...pool, finished: true, reimaged: pool.total, percent: 100, draining: 0 };
      await this.milestone(op, state, `pool:${pool.name}`, () => this.deps.notifier.poolFinished(info, finishedPool, key(op, `pool:${pool.name}`)));
    }

    if (terminal(status)) {
      const outcome = this.outcome(op, status, verified, after, lroStatus?.error, cluster);
      return this.finish(op, state, info, outcome);
    }
    this.save(op, state);
    return { done: false, waitMs: Math.max(this.pollMs, (lroStatus?.retryAfterSeconds ?? 0) * 1000) };
  }

  private outcome(op: OperationRecord, status: 'Succeeded' | 'Failed' | 'Canceled', verified: boolean,
    after: Record<string, unknown>, error: ArmError | undefined, cluster: ManagedCluster): MigrationOutcome {
    const base = { at: this.clock.now().toISOString(), durationSeconds: this.elapsed(op), before: op.before, after, dryRun: false };
    if (status === 'Succeeded' && verified) {
      const np = after;
      const nextStep = op.target === 'overlay' && np.networkDataplane !== 'cilium'
        ? `Azure CNI powered by Cilium is now possible: "enable cilium on ${op.clusterName}" (its own preflight and approval).`
        : 'Update infrastructure-as-code (Terraform/Bicep) to the new networkProfile so it does not plan a replacement.';
      return { ...base, status: 'succeeded', verified: true, nextStep };
    }
    if (status === 'Succeeded') {
      const fe: FriendlyError = {
        code: 'TargetNotReached', message: `The operation succeeded but the networkProfile does not show ${op.target}.`,
        friendly: `Azure reported success, yet the cluster's network profile does not show ${op.target}: the change was not applied.`,
        nextStep: `Run the preflight for ${op.clusterName} again; compare the before/after network profiles and ask for a new approval.`,
      };
      return { ...base, status: 'failed', verified: false, error: fe };
    }
    const fe = friendlyError(error ?? { code: cluster.provisioningState === 'Failed' ? 'Failed' : status,
      message: `The operation ended ${status} without an error body.` });
    return { ...base, status: status === 'Canceled' ? 'canceled' : 'failed', verified: false, error: fe };
  }

  /** Emits `finished` once, then records the terminal state of the operation and the request. */
  private async finish(op: OperationRecord, state: WatcherState, info: OperationInfo, outcome: MigrationOutcome):
    Promise<{ done: boolean; waitMs: number }> {
    const delivered = await this.milestone(op, state, 'finished', () => this.deps.notifier.finished(info, outcome, key(op, 'finished')));
    if (!delivered) {
      this.save(op, state);
      return { done: false, waitMs: this.pollMs };
    }
    const { store } = this.deps;
    const requestOutcome: RequestOutcome = { status: outcome.status, ...(outcome.error ? { code: outcome.error.code,
      message: outcome.error.message } : {}) };
    store.transaction(() => {
      store.operations.update(op.id, { status: outcome.status, finishedAt: outcome.at, after: outcome.after,
        outcome: outcome as unknown as Record<string, unknown>, lastProgress: op.lastProgress,
        watcherState: state as unknown as Record<string, unknown> });
      applyEvent(store, op.requestId, { type: 'finish', outcome: requestOutcome }, this.clock.now());
    });
    return { done: true, waitMs: 0 };
  }

  /** Claims a milestone and calls the notifier; true when it is (now or already) delivered or given up. */
  private async milestone(op: OperationRecord, state: WatcherState, k: string, send: () => Promise<void>): Promise<boolean> {
    const { milestones } = this.deps.store;
    const existing = milestones.get(op.id, k);
    if (existing?.state === 'done') return true;
    if (!existing) milestones.claim(op.id, k);
    try {
      await send();
      milestones.markDone(op.id, k);
      return true;
    } catch (err) {
      this.report(err, op.id, `notify:${k}`);
      const n = (state.notifyFailures[k] ?? 0) + 1;
      state.notifyFailures[k] = n;
      if (n >= this.notifyAttempts) {
        milestones.markDone(op.id, k); // give up: the operation must still end
        return true;
      }
      return false;
    }
  }

  private async readLro(client: ContainerServiceClient, op: OperationRecord): Promise<LroRead | undefined> {
    if (!op.asyncOperationUrl) return undefined;
    const url = rebaseOperationUrl(op.asyncOperationUrl, op.armEndpoint, this.endpoint);
    const res = await client.pipeline.sendRequest(this.http, createPipelineRequest({ url, method: 'GET' }));
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after') ?? undefined);
    if (res.status === 200) {
      const body = JSON.parse(res.bodyAsText ?? '{}') as { status?: string; error?: ArmError };
      return { status: body.status ?? 'Unknown', error: body.error, retryAfterSeconds };
    }
    const err = Object.assign(new Error(`operation status answered ${res.status}`), {
      statusCode: res.status, response: { headers: { 'retry-after': res.headers.get('retry-after') ?? undefined } },
    });
    throw err;
  }

  private info(op: OperationRecord): OperationInfo {
    const request = this.deps.store.requests.get(op.requestId);
    return {
      operationId: op.id, requestId: op.requestId,
      cluster: request?.cluster ?? { id: op.clusterId, subscriptionId: op.subscriptionId, resourceGroup: op.resourceGroup, name: op.clusterName },
      target: op.target, startedAt: op.startedAt, dryRun: op.dryRun, before: op.before, change: op.change,
      asyncOperationUrl: op.asyncOperationUrl, ...(request?.thread ? { thread: request.thread } : {}),
    };
  }

  private elapsed(op: OperationRecord): number {
    return Math.max(0, Math.round((this.clock.now().getTime() - Date.parse(op.startedAt)) / 1000));
  }

  private save(op: OperationRecord, state: WatcherState): void {
    this.deps.store.operations.update(op.id, { watcherState: state as unknown as Record<string, unknown>,
      ...(op.lastProgress ? { lastProgress: op.lastProgress } : {}) });
  }

  private report(err: unknown, operationId: string, stage: string): void {
    try { this.deps.onError?.(err, { operationId, stage }); } catch { /* a logger must not stop the watcher */ }
  }
}

function key(op: OperationRecord, k: string): string {
  return `${op.id}:${k}`;
}

function readState(op: OperationRecord): WatcherState {
  const s = (op.watcherState ?? {}) as Partial<WatcherState>;
  return { polls: s.polls ?? 0, consecutiveFailures: s.consecutiveFailures ?? 0, seenBusy: [...(s.seenBusy ?? [])],
    notifyFailures: { ...(s.notifyFailures ?? {}) } };
}

/** Without an operation URL, the cluster's provisioningState stands in for the LRO status. */
function clusterStatusAsLro(provisioningState: string, polls: number): string {
  if (provisioningState === 'Failed' || provisioningState === 'Canceled') return provisioningState;
  if (provisioningState === 'Succeeded' && polls > 1) return 'Succeeded';
  return 'InProgress';
}

const defaultSleep: Sleep = (ms, signal) => new Promise((resolve) => {
  if (signal.aborted) { resolve(); return; }
  const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = (): void => { clearTimeout(t); resolve(); };
  signal.addEventListener('abort', onAbort, { once: true });
});
