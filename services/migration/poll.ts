// One poll of one operation, evaluated: the `started` milestone, the reading (poll-reading.ts),
// the progress snapshot sent to the notifier, the pool milestones, the stall check and the end.
// The outcome comes from the operation status while it is read; once its URL is gone (404/410,
// repeated failures, untrusted, or none recorded) from the cluster's provisioning state confirmed
// by the node labels; when even that stays unreadable or inconclusive, the migration ends as
// `unknown` instead of being polled forever. Progress maths: progress.ts; outcomes: outcome.ts.
import type { Clock } from '../approval/apply.ts';
import { describeFailure } from '../retry/failure.ts';
import type { OperationRecord } from '../store/types.ts';
import { key, type Milestones } from './milestones.ts';
import { terminalOutcome, unknownOutcome, type OutcomeBase } from './outcome.ts';
import type { PollReader } from './poll-reading.ts';
import { allPoolsFinished, computePools, originalPools, overallPercent, profileShowsTarget } from './progress.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressSnapshot } from './types.ts';
import { readState, terminal, type PollResult, type WatcherDeps, type WatcherState, type WatchSettings } from './watch-context.ts';

export interface PollParts {
  deps: WatcherDeps;
  settings: WatchSettings;
  clock: Clock;
  reader: PollReader;
  milestones: Milestones;
  info(op: OperationRecord): OperationInfo;
  save(op: OperationRecord, state: WatcherState): void;
  report(err: unknown, operationId: string, stage: string): void;
}

/** One poll of one operation; `done` when it has ended (or is not running). */
export async function pollOperation(p: PollParts, operationId: string): Promise<PollResult> {
  const { store, notifier } = p.deps;
  const op = store.operations.get(operationId);
  if (!op || op.status !== 'running') return { done: true, waitMs: 0 };
  const state = readState(op);
  const info = p.info(op);
  const elapsed = (): number => Math.max(0, Math.round((p.clock.now().getTime() - Date.parse(op.startedAt)) / 1000));
  const base = (after: Record<string, unknown>): OutcomeBase => ({ at: p.clock.now().toISOString(), durationSeconds: elapsed(), before: op.before, after, dryRun: false });
  const finish = async (outcome: MigrationOutcome): Promise<PollResult> => {
    const r = await p.milestones.finish(op, state, info, outcome);
    if (r.done) p.reader.forget(op.id);
    return r;
  };

  if (!(await p.milestones.deliver(op, state, 'started', () => notifier.started(info, key(op, 'started'))))) {
    p.save(op, state);
    return { done: false, waitMs: p.settings.pollMs };
  }
  if (op.dryRun) {
    return finish({ status: 'succeeded', at: p.clock.now().toISOString(), durationSeconds: elapsed(), before: op.before, after: op.before,
      verified: false, dryRun: true });
  }

  const read = await p.reader.read(op, state);
  if (!read.ok) {
    state.consecutiveFailures += 1;
    p.report(read.e, op.id, read.stage);
    if (state.consecutiveFailures >= p.settings.unknownAfterPolls) {
      return finish(unknownOutcome(op, base(op.before), 'cluster-unreadable',
        `operation URL: ${state.operationUrlDropped}; cluster: ${describeFailure(read.e).message}`));
    }
    const f = describeFailure(read.e);
    const backoff = Math.min(p.settings.maxBackoffMs, Math.max(p.settings.pollMs, 1000) * 2 ** state.consecutiveFailures);
    p.save(op, state);
    return { done: false, waitMs: Math.max(backoff, (f.retryAfterSeconds ?? 0) * 1000) };
  }
  state.consecutiveFailures = 0;
  state.polls += 1;
  const { cluster, lro, nodes } = read.r;
  const clusterState = cluster.provisioningState;
  if (nodes.nodes && !op.originalNodes) {
    // Not readable when the operation started: record them now, counting only what is left to do.
    op.originalNodes = originalPools(op.target, cluster.pools, nodes.nodes, true);
    store.operations.update(op.id, { originalNodes: op.originalNodes });
  }
  const pools = computePools(op.target, cluster.pools, nodes.nodes, state.seenBusy, op.originalNodes);
  const after = cluster.networkProfile;
  const verified = profileShowsTarget(after, op.target);
  const status = lro?.status ?? statusFromCluster(p.deps, clusterState, verified, pools, nodes.nodes !== undefined, state);
  const percent = status === 'Succeeded' ? 100 : overallPercent(pools);
  const elapsedSeconds = elapsed();
  const fraction = percent / 100;
  const snapshot: ProgressSnapshot = {
    at: p.clock.now().toISOString(), percent, elapsedSeconds,
    ...(fraction > 0 && fraction < 1 ? { estimatedRemainingSeconds: Math.round((elapsedSeconds * (1 - fraction)) / fraction) } : {}),
    pools, kubernetesReadable: nodes.nodes !== undefined, ...(nodes.error ? { kubernetesError: nodes.error } : {}),
    clusterProvisioningState: clusterState, operationStatus: status,
    ...(state.operationUrlDropped ? { fromCluster: true } : {}),
  };
  op.lastProgress = snapshot as unknown as Record<string, unknown>;
  try {
    await notifier.progress(info, snapshot);
  } catch (err) {
    p.report(err, op.id, 'notify:progress');
  }

  // A pool is announced when it finished, and (on success) every pool at the end.
  for (const pool of pools) {
    const done = pool.finished || (status === 'Succeeded' && verified);
    // ARM pool states after a failure say nothing about the nodes: announce nothing from them.
    if (!done || (pool.source === 'arm' && (status === 'Failed' || status === 'Canceled'))) continue;
    const finishedPool: PoolProgress = { ...pool, finished: true, reimaged: pool.total, percent: 100, draining: 0 };
    await p.milestones.deliver(op, state, `pool:${pool.name}`, () => notifier.poolFinished(info, finishedPool, key(op, `pool:${pool.name}`)));
  }

  if (terminal(status)) return finish(terminalOutcome(op, base(after), status, verified, lro?.error, clusterState));
  if (state.operationUrlDropped && state.unconfirmedPolls >= p.settings.unknownAfterPolls) {
    return finish(unknownOutcome(op, base(after), 'not-confirmed',
      `operation URL: ${state.operationUrlDropped}; cluster ${clusterState}, network profile ${verified ? 'at' : 'not at'} ${op.target}, `
      + `nodes ${nodes.nodes ? `${overallPercent(pools)}% converted` : `unreadable (${nodes.error ?? 'no reader'})`}`));
  }
  if (nodes.nodes) await p.milestones.checkStall(op, state, info, nodes.nodes, pools);
  p.save(op, state);
  return { done: false, waitMs: Math.max(p.settings.pollMs, (lro?.retryAfterSeconds ?? 0) * 1000) };
}

/** The status the cluster implies once the operation URL is not read: Failed/Canceled as they
 * are; Succeeded when the profile shows the target and the nodes confirm it (every original node
 * converted; without a Kubernetes reader the profile alone), or when it was seen updating and
 * ended without the target (then reported as not reached); otherwise still in progress (counting
 * polls toward `unknown`). */
function statusFromCluster(deps: WatcherDeps, clusterState: string, verified: boolean, pools: PoolProgress[], nodesRead: boolean, state: WatcherState): string {
  if (clusterState === 'Failed' || clusterState === 'Canceled') return clusterState;
  if (!terminal(clusterState)) {
    state.unconfirmedPolls = 0;
    return 'InProgress';
  }
  const nodesConfirm = nodesRead ? allPoolsFinished(pools) : deps.readNodes === undefined;
  if (verified && nodesConfirm) return 'Succeeded';
  // It was updating and ended without the change: reported as Succeeded without the target (a failure).
  if (!verified && state.clusterSeenBusy) return 'Succeeded';
  state.unconfirmedPolls += 1;
  return 'InProgress';
}
