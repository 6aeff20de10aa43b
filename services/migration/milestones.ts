// The watcher's milestones: each one is claimed in the store before the notifier is called and
// marked done after, so a restart resumes without losing or duplicating one (a claim older than
// this watcher, or than its lease, was left by a watcher that died and is delivered again). Also
// the last one (`finished`, then the terminal state of the operation and its request recorded in
// one transaction) and the stall notice. Used by poll.ts.
import { applyEvent, type Clock } from '../approval/apply.ts';
import type { RequestOutcome } from '../approval/types.ts';
import type { KubeNode } from '../cluster/types.ts';
import type { OperationRecord } from '../store/types.ts';
import type { LeaseKeeper } from './lease-keeper.ts';
import { allPoolsFinished, nextStall, nodeFingerprint } from './progress.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, StallNotice } from './types.ts';
import type { PollResult, WatcherDeps, WatcherState, WatchSettings } from './watch-context.ts';

/** The key a milestone is delivered under (`operationId:key`). */
export function key(op: OperationRecord, k: string): string {
  return `${op.id}:${k}`;
}

export class Milestones {
  /** Milestones this watcher claimed (`operationId:key`): only these, and claims older than this
   * watcher (a process that died), are delivered again; a fresh claim of another is in flight. */
  private readonly mine = new Set<string>();
  private readonly bornAt = Date.now();

  constructor(private readonly deps: WatcherDeps, private readonly settings: WatchSettings, private readonly clock: Clock,
    private readonly keeper: LeaseKeeper | undefined, private readonly report: (err: unknown, operationId: string, stage: string) => void,
    private readonly save: (op: OperationRecord, state: WatcherState) => void) {}

  /** Claims a milestone and calls the notifier; true when it is (now or already) delivered or given
   * up. A milestone claimed by another live watcher is left to it (false: not delivered yet). */
  async deliver(op: OperationRecord, state: WatcherState, k: string, send: () => Promise<void>): Promise<boolean> {
    const { milestones } = this.deps.store;
    const id = key(op, k);
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
      if (n >= this.settings.notifyAttempts) {
        milestones.markDone(op.id, k); // give up: the operation must still end
        return true;
      }
      return false;
    }
  }

  /** Emits `finished` once, then records the terminal state of the operation and the request. */
  async finish(op: OperationRecord, state: WatcherState, info: OperationInfo, outcome: MigrationOutcome): Promise<PollResult> {
    const delivered = await this.deliver(op, state, 'finished', () => this.deps.notifier.finished(info, outcome, key(op, 'finished')));
    if (!delivered) {
      this.save(op, state);
      return { done: false, waitMs: this.settings.pollMs };
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

  /** Announces a stall once when no node changed for `stallMinutes`, naming the PDBs that block. */
  async checkStall(op: OperationRecord, state: WatcherState, info: OperationInfo, nodes: KubeNode[], pools: PoolProgress[]): Promise<void> {
    const now = this.clock.now();
    const next = nextStall(state.stall, nodeFingerprint(nodes, op.target), now, this.settings.stallMs);
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
    await this.deliver(op, state, k, () => this.deps.notifier.stalled(info, notice, key(op, k)));
  }
}
