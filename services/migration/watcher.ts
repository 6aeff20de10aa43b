// The progress watcher (issue 6): for each running operation, a loop polls until the operation
// ends and emits platform-neutral events through the notifier. Every piece of state lives in the
// store (milestones claimed before, marked done after the notifier call: milestones.ts), so a
// restart resumes without losing or duplicating a milestone. One poll: poll.ts (its reading:
// poll-reading.ts, the operation status through the SDK poller: operation-status.ts).
// Several instances (issue 15): with `leases`, a loop runs only while this instance holds the
// operation's lease (lease-keeper.ts); `startTakeover` periodically looks for running operations
// nobody holds (their instance died) and takes them over, updating the same progress card.
import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import { systemClock, type Clock } from '../approval/apply.ts';
import type { OperationRecord } from '../store/types.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { Milestones } from './milestones.ts';
import { pollOperation, type PollParts } from './poll.ts';
import { PollReader } from './poll-reading.ts';
import type { OperationInfo } from './types.ts';
import { defaultSleep, reporter, watchSettings, type PollResult, type Sleep, type WatcherDeps, type WatcherState, type WatchSettings } from './watch-context.ts';

export type { Sleep, WatcherDeps } from './watch-context.ts';

/** Why a loop starts: this instance started the operation, found it at start-up, or took it over. */
export type WatchReason = 'started' | 'resume' | 'takeover';

/** Watches running operations until they end; resumes every running one on `resumeAll`. */
export class ProgressWatcher {
  private readonly deps: WatcherDeps;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly settings: WatchSettings;
  private readonly loops = new Map<string, Promise<void>>();
  /** Operations whose loop runs now (with leases: whose lease this instance holds). */
  private readonly active = new Set<string>();
  private abort = new AbortController();
  private readonly keeper: LeaseKeeper | undefined;
  private readonly report: (err: unknown, operationId: string, stage: string) => void;
  private readonly parts: PollParts;
  private takeoverTimer: ReturnType<typeof setInterval> | undefined;

  constructor(deps: WatcherDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.sleep = deps.sleep ?? defaultSleep;
    this.settings = watchSettings(deps);
    this.report = reporter(deps);
    this.keeper = deps.leases ? new LeaseKeeper({ leases: deps.leases, onError: (err, c) => this.report(err, c.operationId, c.stage) }) : undefined;
    const save = (op: OperationRecord, state: WatcherState): void => this.save(op, state);
    this.parts = {
      deps, settings: this.settings, clock: this.clock, info: (op) => this.info(op), save, report: this.report,
      reader: new PollReader(deps, this.settings, deps.httpClient ?? createDefaultHttpClient(), this.report),
      milestones: new Milestones(deps, this.settings, this.clock, this.keeper, this.report, save),
    };
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
    const loop = this.leased(operationId, reason).finally(() => {
      this.loops.delete(operationId);
      this.parts.reader.forget(operationId);
    });
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
        waitMs = Math.min(this.settings.maxBackoffMs, Math.max(this.settings.pollMs, 1000) * 4);
      }
      if (signal.aborted) return;
      await this.sleep(waitMs, signal);
    }
  }

  /** One poll of one operation; `done` when it has ended (or is not running). */
  pollOnce(operationId: string): Promise<PollResult> {
    return pollOperation(this.parts, operationId);
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

  private save(op: OperationRecord, state: WatcherState): void {
    this.deps.store.operations.update(op.id, { watcherState: state as unknown as Record<string, unknown>,
      ...(op.lastProgress ? { lastProgress: op.lastProgress } : {}) });
  }
}
