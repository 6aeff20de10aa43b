// Who may read, request, approve and manage approval channels (issues 5 and 10). Pure;
// `policyFromConfig` builds the product's policy. Fail closed: outside demo mode (production rules)
// an empty APPROVERS list means nobody may approve, and nobody may redirect approval cards.
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
  /** `VIEWERS`; empty = anyone in the allowed tenants may read (list, check, status, history). */
  viewers: readonly string[];
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
    viewers: p.viewers ?? [],
    tenants: p.tenants ?? [],
    allowSelfApproval: p.allowSelfApproval ?? false,
    ttlMinutes: p.ttlMinutes ?? DEFAULT_APPROVAL_TTL_MINUTES,
  };
}

const norm = (id: string): string => id.trim().toLowerCase();
const listed = (list: readonly string[], id: string): boolean => list.some((x) => norm(x) === norm(id));

/** The policy of a validated configuration: demo mode only when Azure is emulated. */
export function policyFromConfig(config: Pick<NetPilotConfig, 'productionRules' | 'approvers' | 'requesters' | 'allowedTenants'
  | 'allowSelfApproval' | 'approvalTtlMinutes'> & Partial<Pick<NetPilotConfig, 'viewers'>>): ApprovalPolicy {
  return makePolicy({
    approvers: config.approvers,
    demoMode: !config.productionRules,
    requesters: config.requesters,
    viewers: config.viewers ?? [],
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

/** Every id of `actor` (its id and aliases), normalised. */
function idsOf(actor: Actor): string[] {
  return [actor.id, ...(actor.aliases ?? [])].filter((id) => typeof id === 'string' && id.trim() !== '').map(norm);
}

/** True when any id of `a` matches any id of `b` (the same person, however the chat identified them). */
export function sameActor(a: Actor, b: Actor): boolean {
  const mine = new Set(idsOf(a));
  return idsOf(b).some((id) => mine.has(id));
}

/** True when a request, approval, rejection or cancel must come with an Entra object id (production rules). */
export function entraIdRequired(policy: ApprovalPolicy): boolean {
  return !policy.demoMode;
}

const inTenant = (policy: ApprovalPolicy, actor: Actor): boolean =>
  policy.tenants.length === 0 || (actor.tenantId !== undefined && listed(policy.tenants, actor.tenantId));

/** Whether `actor` may read (list, check, status, history): anyone in an allowed tenant when VIEWERS
 * is empty; otherwise viewers, listed requesters and approvers. */
export function mayRead(policy: ApprovalPolicy, actor: Actor): { ok: true } | { ok: false; reason: 'wrong-tenant' | 'not-viewer' } {
  if (!inTenant(policy, actor)) return { ok: false, reason: 'wrong-tenant' };
  if (policy.viewers.length === 0) return { ok: true };
  const readers = [...policy.viewers, ...policy.requesters, ...policy.approvers];
  return listed(readers, actor.id) ? { ok: true } : { ok: false, reason: 'not-viewer' };
}

/** Whether `actor` may choose where approval cards go (subscribe / unsubscribe a channel): approvers
 * only; anyone only in demo mode with no APPROVERS (as every demo user may approve there). */
export function mayManageChannels(policy: ApprovalPolicy, actor: Actor):
  { ok: true } | { ok: false; reason: 'wrong-tenant' | 'not-approver' | 'no-approvers' } {
  if (!inTenant(policy, actor)) return { ok: false, reason: 'wrong-tenant' };
  if (isDemoApproval(policy)) return { ok: true };
  if (noApproversConfigured(policy)) return { ok: false, reason: 'no-approvers' };
  return listed(policy.approvers, actor.id) ? { ok: true } : { ok: false, reason: 'not-approver' };
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
  // Four-eyes on every id: a requester known by their chat id cannot approve under their Entra id.
  if (sameActor(actor, requester) && !policy.allowSelfApproval) return { ok: false, reason: 'self-approval' };
  if (policy.approvers.length > 0 && !listed(policy.approvers, actor.id)) return { ok: false, reason: 'not-approver' };
  return { ok: true };
}

/** Whether `actor` may withdraw a pending request: its requester or anyone who may approve it. */
export function mayCancel(policy: ApprovalPolicy, requester: Actor, actor: Actor): boolean {
  if (norm(actor.id) === norm(requester.id)) return true;
  return mayApprove(policy, requester, actor).ok;
}
