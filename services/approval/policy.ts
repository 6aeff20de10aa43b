// Who may request and who may approve (issue 5). Pure; the config loader builds the policy.
import type { Actor } from './types.ts';

/** Approval rules from configuration; object ids are Entra `aadObjectId`s (compared case-insensitively). */
export interface ApprovalPolicy {
  /** `APPROVERS`; empty = demo mode (anyone but the requester). */
  approvers: readonly string[];
  /** `REQUESTERS`; empty = anyone in the allowed tenants. */
  requesters: readonly string[];
  /** Allowed tenant ids; empty = any tenant. */
  tenants: readonly string[];
  /** `ALLOW_SELF_APPROVAL=true`: only for single-person demos. */
  allowSelfApproval: boolean;
  /** `APPROVAL_TTL_MINUTES` (default 240). */
  ttlMinutes: number;
}

/** Default TTL of a request in minutes (4 h). */
export const DEFAULT_APPROVAL_TTL_MINUTES = 240;

/** Builds a policy, defaulting every field to demo-mode behaviour. */
export function makePolicy(p: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return {
    approvers: p.approvers ?? [],
    requesters: p.requesters ?? [],
    tenants: p.tenants ?? [],
    allowSelfApproval: p.allowSelfApproval ?? false,
    ttlMinutes: p.ttlMinutes ?? DEFAULT_APPROVAL_TTL_MINUTES,
  };
}

const norm = (id: string): string => id.trim().toLowerCase();
const listed = (list: readonly string[], id: string): boolean => list.some((x) => norm(x) === norm(id));

/** True when the policy runs in demo mode (no approver list). */
export function isDemoApproval(policy: ApprovalPolicy): boolean {
  return policy.approvers.length === 0;
}

/** Whether `actor` may create requests. */
export function mayRequest(policy: ApprovalPolicy, actor: Actor):
  { ok: true } | { ok: false; reason: 'wrong-tenant' | 'not-requester' } {
  if (policy.tenants.length > 0 && (!actor.tenantId || !listed(policy.tenants, actor.tenantId))) {
    return { ok: false, reason: 'wrong-tenant' };
  }
  if (policy.requesters.length > 0 && !listed(policy.requesters, actor.id)) return { ok: false, reason: 'not-requester' };
  return { ok: true };
}

/** Whether `actor` may approve or reject a request made by `requester`. */
export function mayApprove(policy: ApprovalPolicy, requester: Actor, actor: Actor):
  { ok: true } | { ok: false; reason: 'self-approval' | 'not-approver' } {
  if (policy.tenants.length > 0 && (!actor.tenantId || !listed(policy.tenants, actor.tenantId))) {
    return { ok: false, reason: 'not-approver' };
  }
  if (norm(actor.id) === norm(requester.id) && !policy.allowSelfApproval) return { ok: false, reason: 'self-approval' };
  if (policy.approvers.length > 0 && !listed(policy.approvers, actor.id)) return { ok: false, reason: 'not-approver' };
  return { ok: true };
}

/** Whether `actor` may withdraw a pending request: its requester or anyone who may approve it. */
export function mayCancel(policy: ApprovalPolicy, requester: Actor, actor: Actor): boolean {
  if (norm(actor.id) === norm(requester.id)) return true;
  return mayApprove(policy, requester, actor).ok;
}

/** The approver ids to @mention / give the actionable card; empty in demo mode. */
export function approverIds(policy: ApprovalPolicy): string[] {
  return [...policy.approvers];
}
