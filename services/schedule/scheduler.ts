// Starts scheduled requests when their time comes. The schedule lives in the store, so it survives
// restarts: `runDue` (at start-up and every poll) takes each waiting start that is due, re-runs the
// preflight and the eTag check, and either starts the update through the runner or records why not
// (the request is withdrawn: approved -> cancelled). Each start is settled once (a versioned write),
// so two schedulers never both start one request. No chat types: the caller says it in the thread.
import { applyEvent, summariseReport, systemClock, type Clock } from '../approval/apply.ts';
import type { Executor, PreflightFn, PreflightResult } from '../approval/service.ts';
import type { ApprovalRequest } from '../approval/types.ts';
import { isApprovable } from '../preflight/types.ts';
import type { ScheduledStart } from '../store/schedules.ts';
import type { Store } from '../store/types.ts';

/** Why a scheduled start did not happen. */
export type NotStartedReason = 'cluster-changed' | 'new-blocker' | 'window-missed' | 'missed' | 'preflight-failed' | 'not-approved';

/** What one due start came to. */
export type DueResult =
  | { requestId: string; status: 'started' }
  | { requestId: string; status: 'not-started'; reason: NotStartedReason }
  | { requestId: string; status: 'skipped' };

/** Dependencies of the scheduler. */
export interface SchedulerDeps {
  store: Store;
  preflight: PreflightFn;
  executor: Executor;
  clock?: Clock;
  /** How often due starts are looked for, in ms (default 30 s). */
  pollMs?: number;
  /** A start at a picked time found this many minutes late (NetPilot was down) does not happen (default 15). */
  lateMinutes?: number;
  /** The update is about to be sent for a scheduled request. */
  onStarting?: (request: ApprovalRequest, schedule: ScheduledStart) => Promise<void> | void;
  /** A scheduled request did not start; `preflight` is the fresh one when it ran. */
  onNotStarted?: (request: ApprovalRequest, reason: NotStartedReason, preflight?: PreflightResult) => Promise<void> | void;
  onError?: (err: unknown, context: { requestId?: string; stage: string }) => void;
}

/** The start scheduler (one per process). */
export class StartScheduler {
  private readonly deps: SchedulerDeps;
  private readonly clock: Clock;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DueResult[]> | undefined;
  private stopped = false;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
  }

  /** Polls for due starts until `stop`. */
  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Stops polling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Handles every start that is due now (runs never overlap). */
  runDue(): Promise<DueResult[]> {
    this.running ??= this.dueNow().finally(() => { this.running = undefined; });
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runDue().catch((err: unknown) => this.report(err, undefined, 'poll')).finally(() => this.arm());
    }, this.deps.pollMs ?? 30_000);
    this.timer.unref();
  }

  private async dueNow(): Promise<DueResult[]> {
    const now = this.clock.now().getTime();
    const due = this.deps.store.schedules.listWaiting().filter((s) => Date.parse(s.dueAt) <= now);
    const results: DueResult[] = [];
    for (const s of due) {
      try {
        results.push(await this.one(s));
      } catch (err) {
        this.report(err, s.requestId, 'start');
      }
    }
    return results;
  }

  private async one(s: ScheduledStart): Promise<DueResult> {
    const { store } = this.deps;
    const request = store.requests.get(s.requestId);
    const now = this.clock.now();
    if (!request || request.state !== 'approved') {
      store.schedules.settle(s.requestId, request?.state === 'cancelled' ? 'cancelled' : 'not-started', now.toISOString(), 'not-approved');
      return { requestId: s.requestId, status: 'skipped' };
    }
    if (s.kind === 'window' && s.windowEnd && now.getTime() >= Date.parse(s.windowEnd)) return this.notStarted(request, 'window-missed');
    if (s.kind === 'time' && now.getTime() > Date.parse(s.dueAt) + (this.deps.lateMinutes ?? 15) * 60_000) return this.notStarted(request, 'missed');
    let fresh: PreflightResult;
    try {
      fresh = await this.deps.preflight({ cluster: request.cluster, target: request.target, podCidr: request.podCidr });
    } catch (err) {
      this.report(err, request.id, 'preflight');
      return this.notStarted(request, 'preflight-failed');
    }
    const summary = summariseReport(fresh.report);
    if (!fresh.eTag || fresh.eTag !== request.approvedETag) return this.notStarted(request, 'cluster-changed', fresh);
    if (!isApprovable(summary.verdict) || summary.blockers.length > 0) return this.notStarted(request, 'new-blocker', fresh);
    if (!store.schedules.settle(request.id, 'started', this.clock.now().toISOString())) return { requestId: request.id, status: 'skipped' };
    await this.say(() => this.deps.onStarting?.(request, s), request.id);
    await this.deps.executor.execute(request);
    return { requestId: request.id, status: 'started' };
  }

  private async notStarted(request: ApprovalRequest, reason: NotStartedReason, fresh?: PreflightResult): Promise<DueResult> {
    const at = this.clock.now();
    if (!this.deps.store.schedules.settle(request.id, 'not-started', at.toISOString(), reason)) return { requestId: request.id, status: 'skipped' };
    const applied = applyEvent(this.deps.store, request.id, { type: 'withdraw', reason }, at);
    await this.say(() => this.deps.onNotStarted?.(applied.request ?? request, reason, fresh), request.id);
    return { requestId: request.id, status: 'not-started', reason };
  }

  private async say(fn: () => Promise<void> | void | undefined, requestId: string): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.report(err, requestId, 'notify');
    }
  }

  private report(err: unknown, requestId: string | undefined, stage: string): void {
    try { this.deps.onError?.(err, { ...(requestId ? { requestId } : {}), stage }); } catch { /* a logger must not stop the scheduler */ }
  }
}
