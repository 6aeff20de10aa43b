// The progress watcher (issue 6): for each running operation, poll the LRO status URL, the cluster
// and pool provisioningState and the Kubernetes nodes; emit platform-neutral events through the
// notifier. Every piece of state lives in the store (milestones claimed before, marked done after
// the notifier call), so a restart resumes without losing or duplicating a milestone.
// When the operation URL is gone (404/410), keeps failing, or is not on the ARM endpoint, the
// outcome comes from the cluster's provisioning state and node labels; when even that stays
// unreadable or inconclusive, the migration ends as `unknown` instead of being polled forever.
// Progress maths: progress.ts; reading the operation URL: operation-status.ts (its rules:
// operation-url.ts); outcomes: outcome.ts.
// Several instances (issue 15): with `leases`, a loop runs only while this instance holds the
// operation's lease (lease-keeper.ts); `startTakeover` periodically looks for running operations
// nobody holds (their instance died) and takes them over, updating the same progress card.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { applyEvent, systemClock, type Clock } from '../approval/apply.ts';
import type { RequestOutcome } from '../approval/types.ts';
import type { KubeNode } from '../cluster/types.ts';
import { describeFailure } from '../retry/failure.ts';
import type { OperationLeases } from '../leases/types.ts';
import type { OperationRecord, Store } from '../store/types.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import type { NodeReader, PdbReader } from './node-reader.ts';
import { readOperationStatus, type OperationRead, type OperationUrlState } from './operation-status.ts';
import { originOf } from './operation-url.ts';
import { terminalOutcome, unknownOutcome, type OutcomeBase } from './outcome.ts';
import {
  allPoolsFinished, computePools, nextStall, nodeFingerprint, originalPools, overallPercent, profileShowsTarget,
  type PoolArm, type StallState,
} from './progress.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressNotifier, ProgressSnapshot, StallNotice } from './types.ts';

/** Sleeps `ms`, resolving early when `signal` aborts (injected so tests do not wait). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Dependencies of the watcher. */
export interface WatcherDeps {
  store: Store;
  containerService(subscriptionId: string): ContainerServiceClient;
  notifier: ProgressNotifier;
  /** Kubernetes nodes of a cluster; absent = ARM signals only. */
  readNodes?: NodeReader;
  /** PDBs that allow no disruption (named in a stall notice); absent = not named. */
  readPdbs?: PdbReader;
  /** The configured ARM endpoint: the only origin an operation URL may have (the ARM token goes
   * with the request). Default: the endpoint the cluster reads go to. */
  armEndpoint?: string;
  clock?: Clock;
  sleep?: Sleep;
  /** `NETPILOT_POLL_SECONDS` (default 15). */
  pollSeconds?: number;
  /** Longest wait after repeated 429/5xx (default 300 s). */
  maxBackoffSeconds?: number;
  /** Attempts per milestone before giving up on the notifier (default 3). */
  notifyAttempts?: number;
  /** Consecutive failures of the operation URL before the cluster is read instead (default 5). */
  operationFailureLimit?: number;
  /** Consecutive polls with the cluster unreadable, or (operation URL gone) ended but not
   * confirmed by its nodes, before the outcome is reported unknown (default 20). */
  unknownAfterPolls?: number;
  /** Minutes without any node change before a stall notice (default 20). */
  stallMinutes?: number;
  /** Logs a problem once with context (never throws). */
  onError?: (err: unknown, context: { operationId: string; stage: string }) => void;
  /** Called once the end of an operation and its request is recorded (e.g. to offer a plan's next step). */
  onEnded?: (op: OperationRecord, outcome: MigrationOutcome) => void;
  httpClient?: HttpClient;
  /** One watcher per operation across instances; absent = this process is the only watcher. */
  leases?: OperationLeases;
  /** Seconds between scans for running operations with a free lease (default: a tenth of the lease period, at least 1). */
  takeoverSeconds?: number;
  /** Called when this instance took over an operation another instance watched (metrics, logs). */
  onTakeover?: (operationId: string) => void;
}

/** Why a loop starts: this instance started the operation, found it at start-up, or took it over. */
export type WatchReason = 'started' | 'resume' | 'takeover';

/** The watcher's own resumable state, kept in `operations.watcherState`. */
interface WatcherState extends OperationUrlState {
  polls: number;
  consecutiveFailures: number;
  /** Consecutive polls (operation URL dropped) where the cluster ended but did not confirm. */
  unconfirmedPolls: number;
  /** The cluster was seen in a non-terminal provisioning state during this operation. */
  clusterSeenBusy: boolean;
  /** Pools seen in a non-Succeeded state during this operation. */
  seenBusy: string[];
  /** Failed notifier attempts per milestone key. */
  notifyFailures: Record<string, number>;
  stall: StallState;
}

type Settled<T> = { ok: true; v: T } | { ok: false; e: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

const terminal = (s: string): s is 'Succeeded' | 'Failed' | 'Canceled' => s === 'Succeeded' || s === 'Failed' || s === 'Canceled';

/** Watches running operations until they end; resumes every running one on `resumeAll`. */
export class ProgressWatcher {
  private readonly deps: WatcherDeps;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private readonly notifyAttempts: number;
  private readonly operationFailureLimit: number;
  private readonly unknownAfterPolls: number;
  private readonly stallMs: number;
  private readonly http: HttpClient;
  private readonly loops = new Map<string, Promise<void>>();
  /** Operations whose loop runs now (with leases: whose lease this instance holds). */
  private readonly active = new Set<string>();
  /** Milestones this watcher claimed (`operationId:key`): only these, and claims older than this
   * watcher (a process that died), are delivered again; a fresh claim of another is in flight. */
  private readonly mine = new Set<string>();
  private readonly bornAt = Date.now();
  /** Origin of the ARM endpoint the clients use now (seen on the last cluster read). */
  private endpoint: string | undefined;
  private abort = new AbortController();
  private readonly keeper: LeaseKeeper | undefined;
  private takeoverTimer: ReturnType<typeof setInterval> | undefined;

  constructor(deps: WatcherDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.sleep = deps.sleep ?? defaultSleep;
    this.pollMs = Math.max(0, (deps.pollSeconds ?? 15) * 1000);
    this.maxBackoffMs = (deps.maxBackoffSeconds ?? 300) * 1000;
    this.notifyAttempts = deps.notifyAttempts ?? 3;
    this.operationFailureLimit = Math.max(1, deps.operationFailureLimit ?? 5);
    this.unknownAfterPolls = Math.max(1, deps.unknownAfterPolls ?? 20);
    this.stallMs = (deps.stallMinutes ?? 20) * 60_000;
    this.http = deps.httpClient ?? createDefaultHttpClient();
    this.keeper = deps.leases ? new LeaseKeeper({ leases: deps.leases, onError: (err, c) => this.report(err, c.operationId, c.stage) }) : undefined;
  }

  /** Starts watching every running operation in the store; returns their ids. */
  resumeAll(): string[] {
    const ids = this.deps.store.operations.listRunning().map((op) => op.id);
    for (const id of ids) this.watch(id, 'resume');
    return ids;
  }

  /** Starts the poll loop of one operation (no-op when already watched or stopped). With leases the
   * loop first takes the operation's lease, and ends at once when another instance holds it. */
  watch(operationId: string, reason: WatchReason = 'started'): void {
    if (this.loops.has(operationId) || this.abort.signal.aborted) return;
    const loop = this.leased(operationId, reason).finally(() => this.loops.delete(operationId));
    this.loops.set(operationId, loop);
  }

  /** With leases: every `takeoverSeconds`, running operations not watched here are offered to
   * `watch` (which takes each only when its lease is free: the instance that watched it died). */
  startTakeover(): void {
    if (!this.deps.leases || this.takeoverTimer || this.abort.signal.aborted) return;
    // A tenth of the lease period by default: a dead instance's migration is taken over soon after its lease expires.
    const everyMs = Math.max(250, (this.deps.takeoverSeconds ?? Math.max(1, this.deps.leases.periodSeconds / 10)) * 1000);
    this.takeoverTimer = setInterval(() => this.scan(), everyMs);
    this.takeoverTimer.unref?.();
  }

  /** One takeover scan (also called by tests). */
  scan(): void {
    let running: OperationRecord[];
    try {
      running = this.deps.store.operations.listRunning();
    } catch (err) {
      this.report(err, '*', 'takeover-scan');
      return;
    }
    for (const op of running) if (!this.loops.has(op.id)) this.watch(op.id, 'takeover');
  }

  /** Operation ids being watched now (with leases: only those whose lease this instance holds). */
  watching(): string[] {
    return [...this.active];
  }

  /** Resolves when every loop has ended (operations finished or watcher stopped). */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.allSettled([...this.loops.values()]);
  }

  /** Stops all loops after their current poll; state stays in the store for the next watcher. */
  async stop(): Promise<void> {
    if (this.takeoverTimer) clearInterval(this.takeoverTimer);
    this.takeoverTimer = undefined;
    this.abort.abort();
    await this.idle();
  }

  /** The loop of one operation, under its lease when there are leases. */
  private async leased(operationId: string, reason: WatchReason): Promise<void> {
    if (!this.keeper) {
      this.active.add(operationId);
      try {
        return await this.loop(operationId, this.abort.signal);
      } finally {
        this.active.delete(operationId);
      }
    }
    const lost = await this.keeper.hold(operationId);
    if (!lost) return;
    try {
      const op = this.deps.store.operations.get(operationId);
      if (!op || op.status !== 'running') return;
      this.active.add(operationId);
      if (reason !== 'started') {
        this.deps.notifier.adopt?.(this.info(op));
        if (reason === 'takeover') this.deps.onTakeover?.(operationId);
      }
      await this.loop(operationId, AbortSignal.any([this.abort.signal, lost]));
    } finally {
      this.active.delete(operationId);
      await this.keeper.drop(operationId);
    }
  }

  private async loop(operationId: string, signal: AbortSignal): Promise<void> {
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
        durationSeconds: this.elapsed(op), before: op.before, after: op.before, verified: false, dryRun: true });
    }

    const client = this.deps.containerService(op.subscriptionId);
    // The cluster first: its request shows the endpoint the client uses now, onto which an operation
    // URL of a restarted demo emulator is rebased.
    const armCluster = await settle(client.managedClusters.get(op.resourceGroup, op.clusterName, {
      onResponse: (raw) => { this.endpoint = originOf(raw.request.url) ?? this.endpoint; },
    }));
    const lro = await this.readOperation(client, op, state);
    if (!armCluster.ok || lro.kind === 'failed') {
      const err = !armCluster.ok ? armCluster.e : (lro as { e: unknown }).e;
      state.consecutiveFailures += 1;
      this.report(err, op.id, !armCluster.ok ? 'cluster' : 'lro');
      if (state.consecutiveFailures >= this.unknownAfterPolls) {
        return this.finish(op, state, info, unknownOutcome(op, this.base(op, op.before), 'cluster-unreadable',
          `operation URL: ${state.operationUrlDropped}; cluster: ${describeFailure(err).message}`));
      }
      const f = describeFailure(err);
      const backoff = Math.min(this.maxBackoffMs, Math.max(this.pollMs, 1000) * 2 ** state.consecutiveFailures);
      this.save(op, state);
      return { done: false, waitMs: Math.max(backoff, (f.retryAfterSeconds ?? 0) * 1000) };
    }
    state.consecutiveFailures = 0;
    state.polls += 1;
    const cluster = armCluster.v;
    const lroStatus = lro.kind === 'read' ? lro.v : undefined;
    const clusterState = cluster.provisioningState ?? 'Unknown';
    if (!terminal(clusterState)) state.clusterSeenBusy = true;
    const armPools: PoolArm[] = (cluster.agentPoolProfiles ?? []).map((p) => ({ name: p.name, count: p.count,
      provisioningState: p.provisioningState }));
    for (const p of armPools) {
      if (p.provisioningState && p.provisioningState !== 'Succeeded' && !state.seenBusy.includes(p.name)) state.seenBusy.push(p.name);
    }

    const nodes = await this.readNodes(op);
    if (nodes.nodes && !op.originalNodes) {
      // Not readable when the operation started: record them now, counting only what is left to do.
      op.originalNodes = originalPools(op.target, armPools, nodes.nodes, true);
      store.operations.update(op.id, { originalNodes: op.originalNodes });
    }
    const pools = computePools(op.target, armPools, nodes.nodes, state.seenBusy, op.originalNodes);
    const after = JSON.parse(JSON.stringify(cluster.networkProfile ?? {})) as Record<string, unknown>;
    const verified = profileShowsTarget(after, op.target);
    const status = lroStatus?.status ?? this.statusFromCluster(clusterState, verified, pools, nodes.nodes !== undefined, state);
    const percent = status === 'Succeeded' ? 100 : overallPercent(pools);
    const elapsedSeconds = this.elapsed(op);
    const fraction = percent / 100;
    const snapshot: ProgressSnapshot = {
      at: this.clock.now().toISOString(), percent, elapsedSeconds,
      ...(fraction > 0 && fraction < 1 ? { estimatedRemainingSeconds: Math.round((elapsedSeconds * (1 - fraction)) / fraction) } : {}),
      pools, kubernetesReadable: nodes.nodes !== undefined, ...(nodes.error ? { kubernetesError: nodes.error } : {}),
      clusterProvisioningState: clusterState, operationStatus: status,
      ...(state.operationUrlDropped ? { fromCluster: true } : {}),
    };
    op.lastProgress = snapshot as unknown as Record<string, unknown>;
    try {
      await this.deps.notifier.progress(info, snapshot);
    } catch (err) {
      this.report(err, op.id, 'notify:progress');
    }

    // A pool is announced when it finished, and (on success) every pool at the end.
    for (const pool of pools) {
      const done = pool.finished || (status === 'Succeeded' && verified);
      // ARM pool states after a failure say nothing about the nodes: announce nothing from them.
      if (!done || (pool.source === 'arm' && (status === 'Failed' || status === 'Canceled'))) continue;
      const finishedPool: PoolProgress = { ...pool, finished: true, reimaged: pool.total, percent: 100, draining: 0 };
      await this.milestone(op, state, `pool:${pool.name}`, () => this.deps.notifier.poolFinished(info, finishedPool, key(op, `pool:${pool.name}`)));
    }

    if (terminal(status)) {
      const outcome = terminalOutcome(op, this.base(op, after), status, verified, lroStatus?.error, clusterState);
      return this.finish(op, state, info, outcome);
    }
    if (state.operationUrlDropped && state.unconfirmedPolls >= this.unknownAfterPolls) {
      return this.finish(op, state, info, unknownOutcome(op, this.base(op, after), 'not-confirmed',
        `operation URL: ${state.operationUrlDropped}; cluster ${clusterState}, network profile ${verified ? 'at' : 'not at'} ${op.target}, `
        + `nodes ${nodes.nodes ? `${overallPercent(pools)}% converted` : `unreadable (${nodes.error ?? 'no reader'})`}`));
    }
    if (nodes.nodes) await this.checkStall(op, state, info, nodes.nodes, pools);
    this.save(op, state);
    return { done: false, waitMs: Math.max(this.pollMs, (lroStatus?.retryAfterSeconds ?? 0) * 1000) };
  }

  /** The status the cluster implies once the operation URL is not read: Failed/Canceled as they
   * are; Succeeded when the profile shows the target and the nodes confirm it (every original node
   * converted; without a Kubernetes reader the profile alone), or when it was seen updating and
   * ended without the target (then reported as not reached); otherwise still in progress (counting
   * polls toward `unknown`). */
  private statusFromCluster(clusterState: string, verified: boolean, pools: PoolProgress[], nodesRead: boolean, state: WatcherState): string {
    if (clusterState === 'Failed' || clusterState === 'Canceled') return clusterState;
    if (!terminal(clusterState)) {
      state.unconfirmedPolls = 0;
      return 'InProgress';
    }
    const nodesConfirm = nodesRead ? allPoolsFinished(pools) : this.deps.readNodes === undefined;
    if (verified && nodesConfirm) return 'Succeeded';
    // It was updating and ended without the change: reported as Succeeded without the target (a failure).
    if (!verified && state.clusterSeenBusy) return 'Succeeded';
    state.unconfirmedPolls += 1;
    return 'InProgress';
  }

  /** Announces a stall once when no node changed for `stallMinutes`, naming the PDBs that block. */
  private async checkStall(op: OperationRecord, state: WatcherState, info: OperationInfo, nodes: KubeNode[], pools: PoolProgress[]): Promise<void> {
    const now = this.clock.now();
    const next = nextStall(state.stall, nodeFingerprint(nodes, op.target), now, this.stallMs);
    state.stall = next.state;
    if (!next.due || allPoolsFinished(pools)) return;
    let pdbs: string[] = [];
    let pdbsReadable = false;
    if (this.deps.readPdbs) {
      try {
        pdbs = (await this.deps.readPdbs(op)).map((p) => `${p.namespace}/${p.name}`);
        pdbsReadable = true;
      } catch (err) {
        this.report(err, op.id, 'pdbs');
      }
    }
    const originals = new Set((op.originalNodes ?? []).flatMap((o) => o.nodes));
    const draining = pools.map((p) => ({ pool: p.name, nodes: nodes.filter((n) => n.pool === p.name && n.unschedulable
      && (originals.size === 0 || originals.has(n.name))).map((n) => n.name).sort() })).filter((d) => d.nodes.length > 0);
    const notice: StallNotice = { minutes: Math.floor(next.stalledMs / 60_000), pdbs, pdbsReadable, draining };
    const k = `stall:${next.state.stalls}`;
    await this.milestone(op, state, k, () => this.deps.notifier.stalled(info, notice, key(op, k)));
  }

  private readOperation(client: ContainerServiceClient, op: OperationRecord, state: WatcherState): Promise<OperationRead> {
    return readOperationStatus({ client, http: this.http, op, state, endpoint: this.deps.armEndpoint ?? this.endpoint,
      failureLimit: this.operationFailureLimit, report: (err, stage) => this.report(err, op.id, stage) });
  }

  private async readNodes(op: OperationRecord): Promise<{ nodes?: KubeNode[]; error?: string }> {
    if (!this.deps.readNodes) return { error: 'no Kubernetes reader configured' };
    try {
      return { nodes: await this.deps.readNodes(op) };
    } catch (err) {
      return { error: describeFailure(err).message };
    }
  }

  private base(op: OperationRecord, after: Record<string, unknown>): OutcomeBase {
    return { at: this.clock.now().toISOString(), durationSeconds: this.elapsed(op), before: op.before, after, dryRun: false };
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
    const recorded = store.transaction(() => {
      const current = store.operations.get(op.id);
      if (current && current.status !== 'running') return false; // another watcher recorded the end first
      store.operations.update(op.id, { status: outcome.status, finishedAt: outcome.at, after: outcome.after,
        outcome: outcome as unknown as Record<string, unknown>, lastProgress: op.lastProgress,
        watcherState: state as unknown as Record<string, unknown> });
      applyEvent(store, op.requestId, { type: 'finish', outcome: requestOutcome }, this.clock.now());
      return true;
    });
    if (recorded) {
      try { this.deps.onEnded?.(op, outcome); } catch (err) { this.report(err, op.id, 'ended'); }
    }
    return { done: true, waitMs: 0 };
  }

  /** Claims a milestone and calls the notifier; true when it is (now or already) delivered or given
   * up. A milestone claimed by another live watcher is left to it (false: not delivered yet). */
  private async milestone(op: OperationRecord, state: WatcherState, k: string, send: () => Promise<void>): Promise<boolean> {
    const { milestones } = this.deps.store;
    const id = `${op.id}:${k}`;
    const existing = milestones.get(op.id, k);
    if (existing?.state === 'done') return true;
    if (existing) {
      // A claim older than this watcher, or than this instance's lease, was left by a watcher that died.
      const staleClaim = Date.parse(existing.at) < Math.max(this.bornAt, this.keeper?.heldSince(op.id) ?? 0);
      if (!this.mine.has(id) && !staleClaim) return false;
    } else if (!milestones.claim(op.id, k)) {
      return false;
    }
    this.mine.add(id);
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
  return { polls: s.polls ?? 0, consecutiveFailures: s.consecutiveFailures ?? 0, operationFailures: s.operationFailures ?? 0,
    ...(s.operationUrlDropped ? { operationUrlDropped: s.operationUrlDropped } : {}), unconfirmedPolls: s.unconfirmedPolls ?? 0,
    clusterSeenBusy: s.clusterSeenBusy ?? false, seenBusy: [...(s.seenBusy ?? [])], notifyFailures: { ...(s.notifyFailures ?? {}) },
    stall: { stalls: 0, announced: false, ...(s.stall ?? {}) } };
}

const defaultSleep: Sleep = (ms, signal) => new Promise((resolve) => {
  if (signal.aborted) { resolve(); return; }
  const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = (): void => { clearTimeout(t); resolve(); };
  signal.addEventListener('abort', onAbort, { once: true });
});
