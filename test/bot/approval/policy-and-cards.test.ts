// Units of the approval chat side: fail-closed approvers outside demo mode, the approval card views
// the desk builds, card data validation, roster picking and catalogue parity.
import { describe, expect, it } from 'vitest';
import { approvalCard } from '../../../bot/card-kit.ts';
import { parseApproveData, parseRejectData, MAX_ACTION_DATA_CHARS } from '../../../bot/approval/action-data.ts';
import { pickApprovers } from '../../../bot/approval/roster.ts';
import { APPROVAL_MESSAGES } from '../../../bot/i18n/approval.ts';
import { buildActionRegistry, ACTION_HANDLERS } from '../../../bot/actions/registry.ts';
import { decide } from '../../../services/approval/decide.ts';
import { makePolicy, mayApprove, mayCancel, policyFromConfig } from '../../../services/approval/policy.ts';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import { loadConfig } from '../../../services/config.ts';
import { cardText } from '../harness.ts';

const requester = { id: 'req-oid', name: 'Req' };
const other = { id: 'other-oid', name: 'Other' };

describe('fail closed on approvers', () => {
  const azure = policyFromConfig(loadConfig({ AZURE_SUBSCRIPTION_IDS: '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00' }, { role: 'cli' }));
  const demo = policyFromConfig(loadConfig({}));
  it('Azure mode with empty APPROVERS: nobody may approve or reject; the requester may still cancel', () => {
    expect(azure.demoMode).toBe(false);
    expect(mayApprove(azure, requester, other)).toEqual({ ok: false, reason: 'no-approvers' });
    expect(mayCancel(azure, requester, requester)).toBe(true);
    expect(mayCancel(azure, requester, other)).toBe(false);
    const req = { state: 'pending', requester, expiresAt: '2099-01-01T00:00:00Z', cluster: { name: 'c' },
      report: { warnings: [], blockers: [], verdict: 'ready', hash: 'h' }, eTag: 'e' } as unknown as ApprovalRequest;
    expect(decide(req, { type: 'reject', by: other }, new Date('2026-01-01'), azure)).toEqual({ ok: false, reason: 'no-approvers' });
    expect(decide(req, { type: 'approve', by: other, confirm: 'c', ack: 'true', eTagNow: 'e',
      reportNow: { warnings: [], blockers: [], verdict: 'ready', hash: 'h' } }, new Date('2026-01-01'), azure))
      .toEqual({ ok: false, reason: 'no-approvers' });
  });
  it('demo mode (emulator) with empty APPROVERS: anyone but the requester', () => {
    expect(demo.demoMode).toBe(true);
    expect(mayApprove(demo, requester, other)).toEqual({ ok: true });
    expect(mayApprove(demo, requester, requester)).toEqual({ ok: false, reason: 'self-approval' });
  });
  it('Azure mode with APPROVERS: only those', () => {
    const p = policyFromConfig(loadConfig({ AZURE_SUBSCRIPTION_IDS: '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00',
      APPROVERS: '00000000-0000-0000-0000-0000000000a2' }, { role: 'cli' }));
    expect(mayApprove(p, requester, { id: '00000000-0000-0000-0000-0000000000A2', name: 'A' })).toEqual({ ok: true });
    expect(mayApprove(p, requester, other)).toEqual({ ok: false, reason: 'not-approver' });
  });
});

const report = {
  target: 'cilium', cluster: { name: 'aks-x', resourceGroup: 'rg', mode: 'overlay', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.4' },
  podCidr: null, verdict: 'ready', passed: [], notApplicable: [],
  findings: [{ check: 'simultaneous-reimage', severity: 'warning', title: 'All nodes reimage', detail: 'd', remediation: 'r', unverified: false }],
  plan: { azCommand: 'az aks update', networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' } },
} as const;
const base = {
  request: { id: 'r1', clusterName: 'aks-x', resourceGroup: 'rg', subscriptionId: 's', target: 'cilium' as const,
    requestedBy: { name: 'Req' }, requestedAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-01T04:00:00Z' },
  // a literal report in the engine's JSON shape
  report: report as unknown as Parameters<typeof approvalCard>[0]['report'],
  pools: [{ name: 'np1', count: 3, maxSurge: null }], approverMentions: [{ id: '29:a', name: 'A' }], selfApprovalAllowed: false,
  dryRun: false, refreshUserIds: ['29:a'], locale: 'en' as const,
};

describe('approval card views', () => {
  it('posted: read-only body, refresh for the approvers, one button that asks for the clicker view', () => {
    // the title comes from the card catalogue
    const card = approvalCard({ ...base, view: 'posted' });
    expect(JSON.stringify(card)).not.toContain('"verb":"approve"');
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: 'r1' } }, userIds: ['29:a'] });
    expect(card.actions).toEqual([{ type: 'Action.Execute', verb: 'refresh', data: { requestId: 'r1' },
      title: 'Approvers: open the approval controls' }]);
  });
  it('actionable: approve and reject carry only the request id; confirm and ack inputs', () => {
    const card = approvalCard({ ...base, view: 'actionable' });
    const s = JSON.stringify(card);
    expect(s).toContain('"verb":"approve"');
    expect(s).toContain('"id":"confirm"');
    expect(s).toContain('"id":"ack"');
  });
  it('no approvers configured: approversStatus passes straight to the card, which says so (en/ja) and offers no refresh', () => {
    const card = approvalCard({ ...base, approverMentions: [], refreshUserIds: [], view: 'posted', approversStatus: 'none-configured' });
    expect(cardText(card)).toContain('No approvers are configured: set APPROVERS');
    expect(card.refresh).toBeUndefined();
    expect(card.actions).toBeUndefined();
    const ja = approvalCard({ ...base, locale: 'ja', approverMentions: [], view: 'posted', approversStatus: 'none-configured' });
    expect(cardText(ja)).toContain('承認者が設定されていません');
    expect(ja.refresh).toBeUndefined();
  });
  it('self-approval allowed is said on the card', () => {
    expect(cardText(approvalCard({ ...base, selfApprovalAllowed: true, view: 'posted' }))).toMatch(/ALLOW_SELF_APPROVAL/);
  });
});

describe('card action data', () => {
  it('accepts only the request id and the two inputs, with capped sizes', () => {
    expect(parseApproveData({ requestId: 'a-1', confirm: 'x', ack: 'true', extra: 1 })).toEqual({ requestId: 'a-1', confirm: 'x', ack: 'true' });
    expect(parseApproveData({ requestId: 'a-1', ack: true })).toEqual({ requestId: 'a-1', ack: true });
    expect(parseApproveData({ requestId: '' })).toBeUndefined();
    expect(parseApproveData({ requestId: 'a/b' })).toBeUndefined();
    expect(parseApproveData({ requestId: 'a', confirm: 'x'.repeat(201) })).toBeUndefined();
    expect(parseApproveData({ requestId: 'a', pad: 'x'.repeat(MAX_ACTION_DATA_CHARS) })).toBeUndefined();
    expect(parseApproveData('a')).toBeUndefined();
    expect(parseRejectData({ requestId: 'a', reason: 'r'.repeat(501) })).toBeUndefined();
    expect(parseRejectData({ requestId: 'a', reason: 'later' })).toEqual({ requestId: 'a', reason: 'later' });
  });
  it('the verb registry holds every card verb once', () => {
    expect([...buildActionRegistry(ACTION_HANDLERS).keys()].sort()).toEqual(['approve', 'chooseCluster', 'readinessPage', 'refresh', 'reject', 'requestPlanStep']);
  });
});

describe('roster', () => {
  const members = [
    { id: '29:req', name: 'Req', objectId: 'req-oid' }, { id: '29:app', name: 'App', aadObjectId: 'APP-OID' },
    { id: '28:bot', name: 'Bot' },
  ];
  it('demo: everyone but the requester and bots; APPROVERS: only listed; none configured: nobody', () => {
    expect(pickApprovers(members, makePolicy({ demoMode: true }), 'req-oid')).toEqual([{ id: '29:app', name: 'App' }]);
    expect(pickApprovers(members, makePolicy({ approvers: ['app-oid'], demoMode: false }), 'req-oid')).toEqual([{ id: '29:app', name: 'App' }]);
    expect(pickApprovers(members, makePolicy({ demoMode: false }), 'req-oid')).toEqual([]);
  });
});

describe('approval catalogues', () => {
  it('English and Japanese have the same keys and non-empty strings', () => {
    const keys = (o: object): string[] => Object.keys(o).sort();
    expect(keys(APPROVAL_MESSAGES.ja)).toEqual(keys(APPROVAL_MESSAGES.en));
    expect(keys(APPROVAL_MESSAGES.ja.states)).toEqual(keys(APPROVAL_MESSAGES.en.states));
    expect(keys(APPROVAL_MESSAGES.ja.auditKinds)).toEqual(keys(APPROVAL_MESSAGES.en.auditKinds));
    for (const v of Object.values(APPROVAL_MESSAGES.ja)) if (typeof v === 'string') expect(v.length).toBeGreaterThan(0);
  });
});
