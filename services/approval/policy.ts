// Who may request and who may approve (issue 5). Pure; `policyFromConfig` builds the product's policy.
// Fail closed: outside demo mode an empty APPROVERS list means nobody may approve.
import type { NetPilotConfig } from '../config.ts';
import type { Actor } from './types.ts';

/** Approval rules from configuration; object ids are Entra `aadObjectId`s (compared case-insensitively). */
export interface ApprovalPolicy {
  /** `APPROVERS`; empty = nobody may approve, except in demo mode (anyone but the requester). */
  approvers: readonly string[];
  /** True only with the emulator (no Azure subscription): an empty `approvers` lets anyone but the requester approve. */
  demoMode: boolean;
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

/** Builds a policy that fails closed unless told otherwise (`demoMode: false`, so an empty approver
 * list lets nobody approve); the product builds its policy with `policyFromConfig`. */
export function makePolicy(p: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return {
    approvers: p.approvers ?? [],
    demoMode: p.demoMode ?? false,
    requesters: p.requesters ?? [],
    tenants: p.tenants ?? [],
    allowSelfApproval: p.allowSelfApproval ?? false,
    ttlMinutes: p.ttlMinutes ?? DEFAULT_APPROVAL_TTL_MINUTES,
  };
}

const norm = (id: string): string => id.trim().toLowerCase();
const listed = (list: readonly string[], id: string): boolean => list.some((x) => norm(x) === norm(id));

/** The policy of a validated configuration: demo mode only when Azure is emulated. */
export function policyFromConfig(config: Pick<NetPilotConfig, 'productionRules' | 'approvers' | 'requesters' | 'allowedTenants'
  | 'allowSelfApproval' | 'approvalTtlMinutes'>): ApprovalPolicy {
  return makePolicy({
    approvers: config.approvers,
    demoMode: !config.productionRules,
    requesters: config.requesters,
    tenants: config.allowedTenants,
    allowSelfApproval: config.allowSelfApproval,
    ttlMinutes: config.approvalTtlMinutes,
  });
}

/** True when anyone but the requester may approve (demo mode with no approver list). */
export function isDemoApproval(policy: ApprovalPolicy): boolean {
  return policy.demoMode && policy.approvers.length === 0;
}

/** True when nobody may approve: no approver list outside demo mode (set APPROVERS). */
export function noApproversConfigured(policy: ApprovalPolicy): boolean {
  return !policy.demoMode && policy.approvers.length === 0;
}

/** Whether the tenant of `actor` is allowed (empty list = any tenant). */
export function tenantAllowed(policy: ApprovalPolicy, tenantId: string | undefined): boolean {
  return policy.tenants.length === 0 || (tenantId !== undefined && listed(policy.tenants, tenantId));
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
  { ok: true } | { ok: false; reason: 'self-approval' | 'not-approver' | 'no-approvers' } {
  if (noApproversConfigured(policy)) return { ok: false, reason: 'no-approvers' };
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

/** The approver ids to @mention / give the actionable card; empty in demo mode and when none are configured. */
export function approverIds(policy: ApprovalPolicy): string[] {
  return [...policy.approvers];
}
