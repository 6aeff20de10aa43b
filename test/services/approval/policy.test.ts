// The approval policy fails closed by default; demo rules only when asked for (or emulated Azure).
import { describe, expect, it } from 'vitest';
import { decide } from '../../../services/approval/decide.ts';
import { isDemoApproval, makePolicy, mayApprove, mayCancel, noApproversConfigured, policyFromConfig } from '../../../services/approval/policy.ts';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import type { AzureMode } from '../../../services/config.ts';

const requester = { id: 'u-req', name: 'Req' };
const other = { id: 'u-other', name: 'Other' };

const config = (azureMode: AzureMode, approvers: string[] = []) => ({
  productionRules: azureMode === 'azure', approvers, requesters: [], allowedTenants: [], allowSelfApproval: false, approvalTtlMinutes: 240,
});

describe('makePolicy defaults', () => {
  it('fails closed: not demo mode, and with no approvers nobody may approve or reject', () => {
    const p = makePolicy();
    expect(p.demoMode).toBe(false);
    expect(noApproversConfigured(p)).toBe(true);
    expect(isDemoApproval(p)).toBe(false);
    expect(mayApprove(p, requester, other)).toEqual({ ok: false, reason: 'no-approvers' });
    expect(mayApprove(p, requester, requester)).toEqual({ ok: false, reason: 'no-approvers' });
    expect(mayCancel(p, requester, other)).toBe(false);
    expect(mayCancel(p, requester, requester)).toBe(true);
  });

  it('decide without a policy refuses approval with an empty approver list', () => {
    const pending = {
      id: 'r1', version: 1, state: 'pending', requester, target: 'overlay', dryRun: false, eTag: 'e1',
      cluster: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c', subscriptionId: 's', resourceGroup: 'rg', name: 'c' },
      plan: { azCommand: 'az', networkProfile: {} }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T04:00:00.000Z', report: { verdict: 'ready', hash: 'h', blockers: [], warnings: [] },
    } satisfies ApprovalRequest;
    const now = new Date('2026-01-01T01:00:00.000Z');
    const reportNow = { verdict: 'ready' as const, hash: 'h', blockers: [], warnings: [] };
    const approve = { type: 'approve' as const, by: other, confirm: 'c', ack: undefined, reportNow, eTagNow: 'e1' };
    expect(decide(pending, approve, now))
      .toEqual({ ok: false, reason: 'no-approvers' });
    expect(decide(pending, { type: 'reject', by: other }, now)).toEqual({ ok: false, reason: 'no-approvers' });
    // the same request is approvable under explicit demo rules, so the refusal above is the default's doing
    expect(decide(pending, approve, now, makePolicy({ demoMode: true })).ok).toBe(true);
  });

  it('demo rules only when passed explicitly: anyone but the requester', () => {
    const p = makePolicy({ demoMode: true });
    expect(isDemoApproval(p)).toBe(true);
    expect(mayApprove(p, requester, other)).toEqual({ ok: true });
    expect(mayApprove(p, requester, requester)).toEqual({ ok: false, reason: 'self-approval' });
  });

  it('an approver list works without demo mode (ids compared case-insensitively)', () => {
    const p = makePolicy({ approvers: ['U-Other'] });
    expect(mayApprove(p, requester, other)).toEqual({ ok: true });
    expect(mayApprove(p, requester, { id: 'u-x', name: 'X' })).toEqual({ ok: false, reason: 'not-approver' });
  });
});

describe('policyFromConfig', () => {
  it('is demo only when Azure is emulated', () => {
    expect(policyFromConfig(config('azure')).demoMode).toBe(false);
    expect(policyFromConfig(config('emulator-in-process')).demoMode).toBe(true);
    expect(policyFromConfig(config('emulator-external')).demoMode).toBe(true);
  });
  it('Azure mode with no APPROVERS refuses everyone; with APPROVERS only those', () => {
    expect(mayApprove(policyFromConfig(config('azure')), requester, other)).toEqual({ ok: false, reason: 'no-approvers' });
    const listed = policyFromConfig(config('azure', ['u-other']));
    expect(mayApprove(listed, requester, other)).toEqual({ ok: true });
    expect(mayApprove(listed, requester, { id: 'u-x', name: 'X' })).toEqual({ ok: false, reason: 'not-approver' });
  });
});
