// The approval state machine (style.md 9): one pure function over unions. Expiry is decided by
// comparing stored `expiresAt` with `now`; persistence (with the expected version) is the caller's.
import { isApprovable } from '../preflight/types.ts';
import { makePolicy, mayApprove, mayCancel, type ApprovalPolicy } from './policy.ts';
import type {
  ApprovalEvent, ApprovalRequest, AuditEntry, AuditKind, Decision, RefusalReason, RequestState,
} from './types.ts';

/** True when `confirm` names the cluster (trimmed, case-insensitive). */
export function confirmMatches(confirm: string | undefined, clusterName: string): boolean {
  return typeof confirm === 'string' && confirm.trim().toLowerCase() === clusterName.trim().toLowerCase();
}

/** True when the `ack` toggle was set (`Input.Toggle` sends the string "true"). */
export function ackGiven(ack: string | boolean | undefined): boolean {
  return ack === true || (typeof ack === 'string' && ack.trim().toLowerCase() === 'true');
}

/** True when a pending request is past its `expiresAt` at `now`. */
export function isExpired(request: ApprovalRequest, now: Date): boolean {
  return request.state === 'pending' && now.getTime() >= Date.parse(request.expiresAt);
}

function entry(req: ApprovalRequest, kind: AuditKind, at: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { kind, requestId: req.id, clusterId: req.cluster.id, at, ...extra };
}

function move(req: ApprovalRequest, state: RequestState, at: string, patch: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return { ...req, ...patch, state, updatedAt: at };
}

function refuse(reason: RefusalReason): Decision {
  return { ok: false, reason };
}

function expiredDecision(req: ApprovalRequest, at: string, ok: boolean): Decision {
  const next = move(req, 'expired', at);
  const audit = [entry(req, 'expired', at, { reportHash: req.report.hash, eTag: req.eTag, note: { id: 'expired', expiresAt: req.expiresAt } })];
  return ok ? { ok: true, next, audit } : { ok: false, reason: 'expired', next, audit };
}

/** Refusal for acting on a request that is no longer pending. */
function notPendingReason(state: RequestState): RefusalReason {
  return state === 'expired' ? 'expired' : 'already-decided';
}

/** Computes the next request and its audit entries for `event`, or why it is refused. Pure. */
export function decide(request: ApprovalRequest, event: ApprovalEvent, now: Date,
  policy: ApprovalPolicy = makePolicy()): Decision {
  const at = now.toISOString();
  const due = isExpired(request, now);
  switch (event.type) {
    case 'touch':
      if (due) return expiredDecision(request, at, true);
      return { ok: true, next: request, audit: [] };
    case 'expire':
      if (request.state !== 'pending') return refuse(notPendingReason(request.state));
      if (!due) return refuse('not-expired');
      return expiredDecision(request, at, true);
    case 'approve': {
      if (request.state !== 'pending') return refuse(notPendingReason(request.state));
      if (due) return expiredDecision(request, at, false);
      const who = mayApprove(policy, request.requester, event.by);
      if (!who.ok) return refuse(who.reason);
      if (!confirmMatches(event.confirm, request.cluster.name)) return refuse('wrong-confirm');
      const warnings = new Set([...request.report.warnings, ...event.reportNow.warnings]);
      if (warnings.size > 0 && !ackGiven(event.ack)) return refuse('missing-ack');
      // Fail closed: without an eTag the update cannot be sent with If-Match, and two missing
      // eTags must never compare equal.
      if (!request.eTag || !event.eTagNow) return refuse('no-etag');
      if (request.eTag !== event.eTagNow) return refuse('cluster-changed');
      if (!isApprovable(event.reportNow.verdict) || event.reportNow.blockers.length > 0) return refuse('new-blocker');
      const decision = { by: event.by, at, reportHash: event.reportNow.hash, eTag: event.eTagNow };
      const start = event.start;
      if (start && !(Date.parse(start.at) > now.getTime() && Date.parse(start.at) <= Date.parse(request.expiresAt))) return refuse('bad-start-time');
      const note = start ? { id: 'scheduled' as const, kind: start.kind, at: start.at } : request.dryRun ? { id: 'dry-run-approved' as const } : undefined;
      return {
        ok: true,
        next: move(request, 'approved', at, { decision, approvedETag: event.eTagNow, ...(start ? { scheduledStart: start } : {}) }),
        audit: [entry(request, 'approved', at, { actor: event.by, reportHash: event.reportNow.hash, eTag: event.eTagNow,
          ...(note ? { note } : {}) })],
      };
    }
    case 'reject': {
      if (request.state !== 'pending') return refuse(notPendingReason(request.state));
      if (due) return expiredDecision(request, at, false);
      const who = mayApprove(policy, request.requester, event.by);
      if (!who.ok) return refuse(who.reason === 'no-approvers' ? 'no-approvers' : 'not-approver');
      const reason = event.reason?.trim() || undefined;
      return {
        ok: true,
        next: move(request, 'rejected', at, { decision: { by: event.by, at, reason } }),
        audit: [entry(request, 'rejected', at, { actor: event.by, reportHash: request.report.hash, eTag: request.eTag,
          ...(reason ? { note: { id: 'rejected', reason } } : {}) })],
      };
    }
    case 'cancel': {
      // A scheduled request may be withdrawn until it starts (it stays approved until then).
      const waiting = request.state === 'approved' && request.scheduledStart !== undefined;
      if (request.state !== 'pending' && !waiting) return refuse(request.state === 'expired' ? 'expired' : 'not-pending');
      if (due) return expiredDecision(request, at, false);
      if (!mayCancel(policy, request.requester, event.by)) return refuse('not-requester-or-approver');
      return {
        ok: true,
        next: move(request, 'cancelled', at, { decision: { by: event.by, at } }),
        audit: [entry(request, 'cancelled', at, { actor: event.by, reportHash: request.report.hash, eTag: request.eTag })],
      };
    }
    case 'withdraw':
      if (request.state !== 'approved' || !request.scheduledStart) return refuse('not-scheduled');
      return {
        ok: true,
        next: move(request, 'cancelled', at),
        audit: [entry(request, 'cancelled', at, { reportHash: request.report.hash, eTag: request.approvedETag,
          note: { id: 'not-started', reason: event.reason } })],
      };
    case 'claim':
      if (request.state !== 'approved') return refuse('not-approved');
      return { ok: true, next: move(request, 'starting', at), audit: [] };
    case 'start': {
      if (request.state !== 'starting') return refuse('not-approved');
      const op = event.operation;
      return {
        ok: true,
        next: move(request, 'running', at, { operationId: op.id }),
        audit: [entry(request, 'started', at, { actor: request.decision?.by, eTag: request.approvedETag,
          reportHash: request.decision?.reportHash, operation: op.asyncOperationUrl ?? op.id,
          ...(request.dryRun ? { note: { id: 'dry-run-started' } } : {}) })],
      };
    }
    case 'finish': {
      // `starting` (and `approved`) may finish directly when the update was refused (412/409/429)
      // before any operation ran.
      if (request.state !== 'running' && request.state !== 'starting' && request.state !== 'approved') return refuse('not-running');
      const o = event.outcome;
      const state: RequestState = o.status === 'succeeded' ? 'succeeded' : o.status === 'unknown' ? 'unknown' : 'failed';
      return {
        ok: true,
        next: move(request, state, at, { outcome: o }),
        audit: [entry(request, 'finished', at, { operation: request.operationId, eTag: request.approvedETag,
          note: { id: 'finished', status: o.status, ...(o.code ? { code: o.code } : {}), ...(o.message ? { message: o.message } : {}) } })],
      };
    }
  }
}
