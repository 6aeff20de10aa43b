// ApprovalService: requests, four-eyes approval with a fresh preflight, optimistic writes (one
// winner per request), and the hand-off to the executor in the background. No Teams types.
import { randomUUID } from 'node:crypto';
import type { Target } from '../cluster/types.ts';
import { isApprovable, type PreflightReport } from '../preflight/types.ts';
import type { LockHolder, Store, StoredAuditEntry } from '../store/types.ts';
import { applyEvent, persistDecision, summariseReport, systemClock, type Clock } from './apply.ts';
import { decide } from './decide.ts';
import { makePolicy, mayRequest, type ApprovalPolicy } from './policy.ts';
import {
  TERMINAL_STATES, type Actor, type ApprovalEvent, type ApprovalRequest, type ClusterRef, type RefusalReason, type ScheduledStartInfo,
} from './types.ts';

/** What a preflight run returns: the report and the cluster eTag it read. */
export interface PreflightResult {
  report: PreflightReport;
  eTag: string | null;
}

/** Runs a fresh preflight for a cluster and target (injected; reads live data). */
export type PreflightFn = (ref: { cluster: ClusterRef; target: Target; podCidr?: string }) => Promise<PreflightResult>;

/** Starts an approved request (the migration runner); its promise settles when the PUT was answered. */
export interface Executor {
  execute(request: ApprovalRequest): Promise<unknown>;
}

/** Constructor dependencies of `ApprovalService`. */
export interface ApprovalServiceDeps {
  store: Store;
  preflight: PreflightFn;
  executor: Executor;
  policy?: ApprovalPolicy;
  clock?: Clock;
  /** BOT_EXECUTE=false: requests are created as dry runs. */
  dryRun?: boolean;
  newId?: () => string;
  /** Called when the background executor rejects (it should not: the runner records failures). */
  onBackgroundError?: (err: unknown, request: ApprovalRequest) => void;
}

/** Input of `createRequest`. */
export interface CreateRequestInput {
  cluster: ClusterRef;
  target: Target;
  podCidr?: string;
  requester: Actor;
  /** Opaque chat data (conversation reference, thread ids) kept on the request. */
  thread?: Record<string, unknown>;
  /** A preflight the caller just ran; when absent the service runs one. */
  preflight?: PreflightResult;
}

/** Why a request could not be created. */
export type CreateRefusal = 'blocked' | 'not-needed' | 'locked' | 'not-requester' | 'wrong-tenant' | 'no-plan';

/** Result of `createRequest`; `locked` names the holder and its request. */
export type CreateResult =
  | { ok: true; request: ApprovalRequest; report: PreflightReport }
  | { ok: false; reason: CreateRefusal; report?: PreflightReport; holder?: LockHolder; holderRequest?: ApprovalRequest };

/** Result of approve / reject / cancel; a refusal carries the request as it now stands. */
export type ActionResult =
  | { ok: true; request: ApprovalRequest; report?: PreflightReport }
  | { ok: false; reason: RefusalReason | 'unknown-request' | 'conflict'; request?: ApprovalRequest; report?: PreflightReport };

/** The approval inputs from the card (`confirm` text, `ack` toggle) and, when the approver chose a
 * later start, when (validated by services/schedule/start-choice.ts; re-checked here). */
export interface ApproveInputs {
  confirm?: string;
  ack?: string | boolean;
  start?: ScheduledStartInfo;
}

/** Requests, decisions and history of migrations, over an injected store, clock and preflight. */
export class ApprovalService {
  private readonly store: Store;
  private readonly preflightFn: PreflightFn;
  private readonly executor: Executor;
  private readonly policy: ApprovalPolicy;
  private readonly clock: Clock;
  private readonly dryRun: boolean;
  private readonly newId: () => string;
  private readonly onBackgroundError: (err: unknown, request: ApprovalRequest) => void;
  /** Concurrent approvals of one request share one preflight run. */
  private readonly inflight = new Map<string, Promise<PreflightResult>>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(deps: ApprovalServiceDeps) {
    this.store = deps.store;
    this.preflightFn = deps.preflight;
    this.executor = deps.executor;
    this.policy = deps.policy ?? makePolicy();
    this.clock = deps.clock ?? systemClock;
    this.dryRun = deps.dryRun ?? false;
    this.newId = deps.newId ?? (() => randomUUID());
    this.onBackgroundError = deps.onBackgroundError ?? (() => undefined);
  }

  /** Creates a pending request when the preflight is ready (or incomplete: the request finishes the
   * migration with the same update) and the cluster is free. */
  async createRequest(input: CreateRequestInput): Promise<CreateResult> {
    const allowed = mayRequest(this.policy, input.requester);
    if (!allowed.ok) return { ok: false, reason: allowed.reason };
    const pre = input.preflight ?? await this.preflightFn({ cluster: input.cluster, target: input.target, podCidr: input.podCidr });
    const { report } = pre;
    if (report.verdict === 'not-needed') return { ok: false, reason: 'not-needed', report };
    if (!isApprovable(report.verdict)) return { ok: false, reason: 'blocked', report };
    if (!report.plan) return { ok: false, reason: 'no-plan', report };
    const now = this.clock.now();
    const at = now.toISOString();
    const request: ApprovalRequest = {
      id: this.newId(), version: 1, state: 'pending', cluster: input.cluster, target: input.target,
      podCidr: input.podCidr ?? report.podCidr ?? undefined, plan: report.plan, requester: input.requester,
      createdAt: at, updatedAt: at, expiresAt: new Date(now.getTime() + this.policy.ttlMinutes * 60_000).toISOString(),
      report: summariseReport(report), eTag: pre.eTag, dryRun: this.dryRun,
      ...(input.thread ? { thread: input.thread } : {}),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const taken = this.store.transaction(() => {
        const lock = this.store.locks.acquire({ clusterId: input.cluster.id, requestId: request.id,
          holder: input.requester, acquiredAt: at });
        if (!lock.ok) return lock;
        this.store.requests.insert(request);
        this.store.audit.append({ kind: 'requested', requestId: request.id, clusterId: request.cluster.id, at,
          actor: input.requester, reportHash: request.report.hash, eTag: request.eTag,
          note: { id: 'requested', target: request.target, ...(request.podCidr ? { podCidr: request.podCidr } : {}), dryRun: request.dryRun } });
        return lock;
      });
      if (taken.ok) return { ok: true, request, report };
      // A stale lock (its request ended or expired) is released and the lock retried.
      const holderRequest = this.touchStored(taken.holder.requestId);
      if (!holderRequest || TERMINAL_STATES.includes(holderRequest.state)) {
        this.store.locks.release(input.cluster.id, taken.holder.requestId);
        continue;
      }
      return { ok: false, reason: 'locked', report, holder: taken.holder, holderRequest };
    }
    const holder = this.store.locks.get(input.cluster.id);
    return { ok: false, reason: 'locked', report, holder };
  }

  /** Approves: checks the clicker and inputs, re-runs the preflight, writes with the expected
   * version (one winner among concurrent clicks), then starts the executor in the background. */
  async approve(requestId: string, actor: Actor, inputs: ApproveInputs): Promise<ActionResult> {
    const loaded = this.touchStored(requestId);
    if (!loaded) return { ok: false, reason: 'unknown-request' };
    // Cheap checks first (who, confirm, ack, state, expiry) against the stored report.
    const quick = this.approveEvent(actor, inputs, loaded.report, loaded.eTag);
    const early = decide(loaded, quick, this.clock.now(), this.policy);
    if (!early.ok) return { ok: false, reason: early.reason, request: loaded };

    const fresh = await this.sharedPreflight(loaded);
    const current = this.store.requests.get(requestId);
    if (!current) return { ok: false, reason: 'unknown-request' };
    const event = this.approveEvent(actor, inputs, summariseReport(fresh.report), fresh.eTag);
    const d = decide(current, event, this.clock.now(), this.policy);
    if (!d.ok) {
      const request = d.next ? persistDecision(this.store, current, d.next, d.audit) ?? current : current;
      return { ok: false, reason: d.reason, request, report: fresh.report };
    }
    const written = this.store.transaction(() => {
      const w = persistDecision(this.store, current, d.next, d.audit);
      if (w?.scheduledStart) this.store.schedules.insert(scheduleRow(w, actor, w.scheduledStart, this.clock.now().toISOString()));
      return w;
    });
    if (!written) {
      // Someone else wrote first: report the request as it now stands.
      const now = this.store.requests.get(requestId);
      const again = now ? decide(now, event, this.clock.now(), this.policy) : undefined;
      return { ok: false, reason: again && !again.ok ? again.reason : 'already-decided', request: now, report: fresh.report };
    }
    if (!written.scheduledStart) this.startInBackground(written);
    return { ok: true, request: written, report: fresh.report };
  }

  /** The approval rules this service enforces. */
  get rules(): ApprovalPolicy {
    return this.policy;
  }

  /** Merges `patch` into the request's opaque chat data (retrying on a version conflict); returns
   * the request as written, or undefined when it is unknown. */
  attachThread(requestId: string, patch: Record<string, unknown>): ApprovalRequest | undefined {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.store.requests.get(requestId);
      if (!current) return undefined;
      const thread = { ...(current.thread ?? {}), ...patch };
      if (this.store.requests.update(requestId, current.version, { thread })) {
        return { ...current, thread, version: current.version + 1 };
      }
    }
    return this.store.requests.get(requestId);
  }

  /** Rejects a pending request (approvers only), with an optional reason. */
  async reject(requestId: string, actor: Actor, reason?: string): Promise<ActionResult> {
    return this.simple(requestId, { type: 'reject', by: actor, reason });
  }

  /** Withdraws a pending request, or a scheduled one before it starts (its requester or an approver). */
  async cancel(requestId: string, actor: Actor): Promise<ActionResult> {
    const result = this.simple(requestId, { type: 'cancel', by: actor });
    if (result.ok && result.request.scheduledStart) this.store.schedules.settle(requestId, 'cancelled', this.clock.now().toISOString());
    return result;
  }

  /** Approved requests waiting for their scheduled start, soonest first. */
  scheduled(): { request: ApprovalRequest; dueAt: string }[] {
    return this.store.schedules.listWaiting()
      .map((s) => ({ request: this.store.requests.get(s.requestId), dueAt: s.dueAt }))
      .filter((x): x is { request: ApprovalRequest; dueAt: string } => x.request?.state === 'approved');
  }

  /** The request as it stands now (a pending one past its expiry is recorded as expired). */
  get(requestId: string): ApprovalRequest | undefined {
    return this.touchStored(requestId);
  }

  /** The open (pending, approved or running) request of a cluster, if any. */
  openRequest(clusterId: string): ApprovalRequest | undefined {
    const lock = this.store.locks.get(clusterId);
    if (!lock) return undefined;
    const r = this.touchStored(lock.requestId);
    return r && !TERMINAL_STATES.includes(r.state) ? r : undefined;
  }

  /** Pending (or scheduled, not yet started) requests a given actor made (for `cancel` without a cluster name). */
  pendingBy(actor: Actor): ApprovalRequest[] {
    return this.store.requests.listByState(['pending', 'approved'])
      .map((r) => this.touchStored(r.id)!)
      .filter((r) => (r.state === 'pending' || (r.state === 'approved' && r.scheduledStart !== undefined))
        && r.requester.id.toLowerCase() === actor.id.toLowerCase());
  }

  /** Requests (newest first) and the audit log (oldest first) of one cluster. */
  history(clusterId: string): { requests: ApprovalRequest[]; audit: StoredAuditEntry[] } {
    const requests = this.store.requests.listByCluster(clusterId).map((r) => this.touchStored(r.id) ?? r);
    return { requests, audit: this.store.audit.listByCluster(clusterId) };
  }

  /** Resolves when every background execution started so far has settled (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private approveEvent(actor: Actor, inputs: ApproveInputs, reportNow: ApprovalRequest['report'],
    eTagNow: string | null): ApprovalEvent {
    return { type: 'approve', by: actor, confirm: inputs.confirm, ack: inputs.ack, reportNow, eTagNow, ...(inputs.start ? { start: inputs.start } : {}) };
  }

  private simple(requestId: string, event: ApprovalEvent): ActionResult {
    const applied = applyEvent(this.store, requestId, event, this.clock.now(), this.policy);
    if (applied.ok) return { ok: true, request: applied.request };
    return { ok: false, reason: applied.reason, request: applied.request };
  }

  /** Loads a request and records expiry if it is due. */
  private touchStored(requestId: string): ApprovalRequest | undefined {
    const applied = applyEvent(this.store, requestId, { type: 'touch' }, this.clock.now(), this.policy);
    return applied.request;
  }

  private sharedPreflight(request: ApprovalRequest): Promise<PreflightResult> {
    let p = this.inflight.get(request.id);
    if (!p) {
      p = this.preflightFn({ cluster: request.cluster, target: request.target, podCidr: request.podCidr })
        .finally(() => this.inflight.delete(request.id));
      this.inflight.set(request.id, p);
    }
    return p;
  }

  private startInBackground(request: ApprovalRequest): void {
    const run = Promise.resolve()
      .then(() => this.executor.execute(request))
      .catch((err: unknown) => this.onBackgroundError(err, request))
      .finally(() => this.background.delete(run));
    this.background.add(run);
  }
}

/** The store row of a scheduled start. */
function scheduleRow(request: ApprovalRequest, by: Actor, start: ScheduledStartInfo, at: string) {
  return {
    requestId: request.id, clusterId: request.cluster.id, kind: start.kind, dueAt: start.at,
    ...(start.windowEnd ? { windowEnd: start.windowEnd } : {}), ...(start.config ? { config: start.config } : {}),
    timeZone: start.timeZone, by, state: 'waiting' as const, createdAt: at, updatedAt: at,
  };
}
