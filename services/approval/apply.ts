// Persisting decisions: run `decide`, write the result with the expected version, append its
// audit entries and release the cluster lock on a terminal state, all in one transaction.
import { createHash } from 'node:crypto';
import type { PreflightReport } from '../preflight/types.ts';
import type { Store } from '../store/types.ts';
import { decide } from './decide.ts';
import type { ApprovalPolicy } from './policy.ts';
import { TERMINAL_STATES, type ApprovalEvent, type AuditEntry, type ApprovalRequest, type Decision, type ReportSummary } from './types.ts';

/** A source of the current time (injected so tests control expiry). */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** JSON with object keys sorted, so equal reports hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the report's canonical JSON: the hash the audit log records. */
export function hashReport(report: PreflightReport): string {
  return createHash('sha256').update(canonical(report)).digest('hex');
}

/** The parts of a report approval decisions use. */
export function summariseReport(report: PreflightReport): ReportSummary {
  return {
    verdict: report.verdict,
    hash: hashReport(report),
    blockers: report.findings.filter((f) => f.severity === 'blocker').map((f) => f.check),
    warnings: report.findings.filter((f) => f.severity === 'warning').map((f) => f.check),
  };
}

/** Result of `applyEvent`: the decision, and whether its `next` was written. */
export type Applied =
  | { ok: true; request: ApprovalRequest; decision: Decision & { ok: true } }
  | { ok: false; reason: Extract<Decision, { ok: false }>['reason'] | 'unknown-request' | 'conflict'; request?: ApprovalRequest };

/** Writes `next` (if it changed) with the expected version, its audit, and releases the lock
 * on a terminal state; returns false when the stored version moved (someone else won). */
export function persistDecision(store: Store, current: ApprovalRequest, next: ApprovalRequest,
  audit: readonly AuditEntry[] | undefined): ApprovalRequest | undefined {
  return store.transaction(() => {
    if (next === current) return current;
    const { version: _v, ...patch } = next;
    if (!store.requests.update(current.id, current.version, patch)) return undefined;
    for (const e of audit ?? []) store.audit.append(e);
    if (TERMINAL_STATES.includes(next.state)) store.locks.release(current.cluster.id, current.id);
    return { ...next, version: current.version + 1 };
  });
}

/** Loads, decides and persists one event; on a version conflict reloads and decides again
 * (up to `attempts` times), so system events (start, finish, touch) always land once. */
export function applyEvent(store: Store, requestId: string, event: ApprovalEvent, now: Date,
  policy?: ApprovalPolicy, attempts = 3): Applied {
  for (let i = 0; i < attempts; i++) {
    const current = store.requests.get(requestId);
    if (!current) return { ok: false, reason: 'unknown-request' };
    const d = decide(current, event, now, policy);
    if (!d.ok) {
      if (d.next) {
        const written = persistDecision(store, current, d.next, d.audit);
        if (!written) continue;
        return { ok: false, reason: d.reason, request: written };
      }
      return { ok: false, reason: d.reason, request: current };
    }
    const written = persistDecision(store, current, d.next, d.audit);
    if (written) return { ok: true, request: written, decision: d };
  }
  return { ok: false, reason: 'conflict', request: store.requests.get(requestId) };
}
