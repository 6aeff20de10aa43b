import { describe, expect, it } from 'vitest';
import { decide, confirmMatches, ackGiven } from '../../../services/approval/decide.ts';
import { makePolicy } from '../../../services/approval/policy.ts';
import type { ApprovalEvent, ApprovalRequest, RequestState } from '../../../services/approval/types.ts';

const CLUSTER = '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy';
const NOW = new Date('2026-01-01T01:00:00.000Z');
const LATE = new Date('2026-01-01T05:00:00.000Z');
const requester = { id: 'u-req', name: 'Req' };
const approver = { id: 'u-app', name: 'App' };
const stranger = { id: 'u-x', name: 'X' };
// Demo rules (no APPROVERS: anyone but the requester) unless a case passes its own policy.
const DEMO = makePolicy({ demoMode: true });

function req(state: RequestState, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'r1', version: 3, state,
    cluster: { id: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-legacy' },
    target: 'overlay', plan: { azCommand: 'az', networkProfile: { networkPluginMode: 'overlay' } },
    requester, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-01T04:00:00.000Z',
    report: { verdict: 'ready', hash: 'h1', blockers: [], warnings: ['simultaneous-reimage'] },
    eTag: 'e1', dryRun: false, ...over,
  };
}
const good = { verdict: 'ready' as const, hash: 'h2', blockers: [], warnings: ['simultaneous-reimage'] };
const approve = (o: Partial<Extract<ApprovalEvent, { type: 'approve' }>> = {}): ApprovalEvent =>
  ({ type: 'approve', by: approver, confirm: ' AKS-Legacy ', ack: 'true', reportNow: good, eTagNow: 'e1', ...o });

const EVENTS: Record<string, ApprovalEvent> = {
  approve: approve(),
  reject: { type: 'reject', by: approver, reason: 'not today' },
  cancel: { type: 'cancel', by: requester },
  claim: { type: 'claim' },
  start: { type: 'start', operation: { id: 'op1', asyncOperationUrl: 'https://arm/op1' } },
  finish: { type: 'finish', outcome: { status: 'succeeded' } },
  expire: { type: 'expire' },
  touch: { type: 'touch' },
};
const STATES: RequestState[] = ['pending', 'approved', 'starting', 'rejected', 'expired', 'cancelled', 'running', 'succeeded', 'failed', 'unknown'];

// expected[state][event] = next state (string) or { refused: reason }; at NOW (before expiry)
type Cell = RequestState | { refused: string };
const R = (refused: string): Cell => ({ refused });
const TABLE: Record<RequestState, Record<string, Cell>> = {
  pending: { approve: 'approved', reject: 'rejected', cancel: 'cancelled', claim: R('not-approved'), start: R('not-approved'),
    finish: R('not-running'), expire: R('not-expired'), touch: 'pending' },
  approved: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'), claim: 'starting',
    start: R('not-approved'), finish: 'succeeded', expire: R('already-decided'), touch: 'approved' },
  starting: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'), claim: R('not-approved'),
    start: 'running', finish: 'succeeded', expire: R('already-decided'), touch: 'starting' },
  rejected: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'),
    claim: R('not-approved'), start: R('not-approved'), finish: R('not-running'), expire: R('already-decided'), touch: 'rejected' },
  expired: { approve: R('expired'), reject: R('expired'), cancel: R('expired'), claim: R('not-approved'), start: R('not-approved'),
    finish: R('not-running'), expire: R('expired'), touch: 'expired' },
  cancelled: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'),
    claim: R('not-approved'), start: R('not-approved'), finish: R('not-running'), expire: R('already-decided'), touch: 'cancelled' },
  running: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'),
    claim: R('not-approved'), start: R('not-approved'), finish: 'succeeded', expire: R('already-decided'), touch: 'running' },
  succeeded: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'),
    claim: R('not-approved'), start: R('not-approved'), finish: R('not-running'), expire: R('already-decided'), touch: 'succeeded' },
  failed: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'),
    claim: R('not-approved'), start: R('not-approved'), finish: R('not-running'), expire: R('already-decided'), touch: 'failed' },
  unknown: { approve: R('already-decided'), reject: R('already-decided'), cancel: R('not-pending'),
    claim: R('not-approved'), start: R('not-approved'), finish: R('not-running'), expire: R('already-decided'), touch: 'unknown' },
};

describe('decide: every state x event (before expiry)', () => {
  const rows = STATES.flatMap((s) => Object.keys(EVENTS).map((e) => [s, e, TABLE[s][e]] as const));
  it.each(rows)('%s + %s', (state, event, expected) => {
    const d = decide(req(state), EVENTS[event], NOW, DEMO);
    if (typeof expected === 'string') {
      expect(d.ok, JSON.stringify(d)).toBe(true);
      if (!d.ok) return;
      expect(d.next.state).toBe(expected);
      expect(d.next.version).toBe(3); // the store bumps versions, not decide
      if (expected === state || event === 'claim') expect(d.audit).toEqual([]); // a claim is not an audit event
      else expect(d.audit.length).toBe(1);
    } else {
      expect(d).toMatchObject({ ok: false, reason: expected.refused });
    }
  });
});

describe('decide: a pending request past expiresAt', () => {
  it.each(['approve', 'reject', 'cancel'])('%s is refused as expired and the expiry is to be persisted', (event) => {
    const d = decide(req('pending'), EVENTS[event], LATE, DEMO);
    expect(d).toMatchObject({ ok: false, reason: 'expired', next: { state: 'expired' } });
    expect(d.ok ? [] : d.audit?.map((a) => a.kind)).toEqual(['expired']);
  });
  it.each(['expire', 'touch'])('%s expires it', (event) => {
    const d = decide(req('pending'), EVENTS[event], LATE, DEMO);
    expect(d).toMatchObject({ ok: true, next: { state: 'expired', updatedAt: LATE.toISOString() } });
  });
  it('expires exactly at expiresAt', () => {
    expect(decide(req('pending'), EVENTS.touch, new Date('2026-01-01T04:00:00.000Z'), DEMO)).toMatchObject({ next: { state: 'expired' } });
    expect(decide(req('pending'), EVENTS.touch, new Date('2026-01-01T03:59:59.999Z'), DEMO)).toMatchObject({ next: { state: 'pending' } });
  });
});

describe('decide: approve refusals', () => {
  const cases: [string, ApprovalEvent, string, ReturnType<typeof makePolicy>?][] = [
    ['self-approval', approve({ by: { id: 'U-REQ', name: 'Req' } }), 'self-approval'],
    ['not in APPROVERS', approve({ by: stranger }), 'not-approver', makePolicy({ approvers: ['u-app'] })],
    ['requester in APPROVERS is still self', approve({ by: requester }), 'self-approval', makePolicy({ approvers: ['u-req'] })],
    ['wrong tenant', approve({ by: { ...approver, tenantId: 't2' } }), 'not-approver', makePolicy({ demoMode: true, tenants: ['t1'] })],
    ['wrong confirm', approve({ confirm: 'aks-legacy2' }), 'wrong-confirm'],
    ['missing confirm', approve({ confirm: undefined }), 'wrong-confirm'],
    ['missing ack', approve({ ack: undefined }), 'missing-ack'],
    ['ack false', approve({ ack: 'false' }), 'missing-ack'],
    ['eTag changed', approve({ eTagNow: 'e2' }), 'cluster-changed'],
    ['eTag gone', approve({ eTagNow: null }), 'no-etag'],
    ['new blocker', approve({ reportNow: { ...good, verdict: 'blocked', blockers: ['cluster-provisioning-state'] } }), 'new-blocker'],
    ['now not needed', approve({ reportNow: { ...good, verdict: 'not-needed', warnings: [] } }), 'new-blocker'],
  ];
  it.each(cases)('%s', (_name, event, reason, policy) => {
    expect(decide(req('pending'), event, NOW, policy ?? DEMO)).toEqual({ ok: false, reason });
  });

  it('refuses a cluster without an eTag: two missing eTags never compare equal', () => {
    expect(decide(req('pending', { eTag: null }), approve({ eTagNow: null }), NOW, DEMO)).toEqual({ ok: false, reason: 'no-etag' });
    expect(decide(req('pending', { eTag: null }), approve({ eTagNow: 'e1' }), NOW, DEMO)).toEqual({ ok: false, reason: 'no-etag' });
  });

  it('approves an incomplete report (the same update again finishes the migration), with the ack of its finding', () => {
    const finishing = { ...good, verdict: 'incomplete' as const, warnings: ['migration-incomplete'] };
    const r = req('pending', { report: { ...finishing, hash: 'h1' } });
    expect(decide(r, approve({ reportNow: finishing }), NOW, DEMO)).toMatchObject({ ok: true, next: { state: 'approved' } });
    expect(decide(r, approve({ ack: undefined, reportNow: finishing }), NOW, DEMO)).toEqual({ ok: false, reason: 'missing-ack' });
    // an incomplete report with a blocker (e.g. the cluster was stopped meanwhile) is not approvable
    expect(decide(r, approve({ reportNow: { ...finishing, blockers: ['cluster-provisioning-state'] } }), NOW, DEMO))
      .toEqual({ ok: false, reason: 'new-blocker' });
  });

  it('needs no ack when neither report has warnings', () => {
    const r = req('pending', { report: { ...good, hash: 'h1', warnings: [] } });
    expect(decide(r, approve({ ack: undefined, reportNow: { ...good, warnings: [] } }), NOW, DEMO).ok).toBe(true);
    expect(decide(r, approve({ ack: undefined }), NOW, DEMO)).toEqual({ ok: false, reason: 'missing-ack' });
  });

  it('allows self-approval only with ALLOW_SELF_APPROVAL', () => {
    const d = decide(req('pending'), approve({ by: requester }), NOW, makePolicy({ demoMode: true, allowSelfApproval: true }));
    expect(d.ok).toBe(true);
  });

  it('records who, when, report hash and eTag', () => {
    const d = decide(req('pending'), approve(), NOW, makePolicy({ approvers: ['U-APP'] }));
    expect(d).toMatchObject({ ok: true, next: { state: 'approved', approvedETag: 'e1',
      decision: { by: approver, at: NOW.toISOString(), reportHash: 'h2', eTag: 'e1' } } });
    expect(d.ok && d.audit).toEqual([{ kind: 'approved', requestId: 'r1', clusterId: CLUSTER, at: NOW.toISOString(),
      actor: approver, reportHash: 'h2', eTag: 'e1', detail: undefined }]);
  });
});

describe('decide: reject and cancel rules', () => {
  it('only approvers reject; the requester cannot reject (cancel instead)', () => {
    expect(decide(req('pending'), { type: 'reject', by: requester }, NOW, DEMO)).toEqual({ ok: false, reason: 'not-approver' });
    expect(decide(req('pending'), { type: 'reject', by: stranger }, NOW, makePolicy({ approvers: ['u-app'] })))
      .toEqual({ ok: false, reason: 'not-approver' });
    const d = decide(req('pending'), { type: 'reject', by: approver, reason: '  ' }, NOW, DEMO);
    expect(d).toMatchObject({ ok: true, next: { state: 'rejected', decision: { by: approver } } });
    expect(d.ok && d.next.decision?.reason).toBeUndefined();
  });
  it('cancel: requester or approver only', () => {
    const p = makePolicy({ approvers: ['u-app'] });
    expect(decide(req('pending'), { type: 'cancel', by: stranger }, NOW, p))
      .toEqual({ ok: false, reason: 'not-requester-or-approver' });
    expect(decide(req('pending'), { type: 'cancel', by: approver }, NOW, p).ok).toBe(true);
    expect(decide(req('pending'), { type: 'cancel', by: requester }, NOW, p).ok).toBe(true);
  });
});

describe('decide: start and finish', () => {
  it('start records the ARM operation in the audit', () => {
    const d = decide(req('starting', { approvedETag: 'e1' }), EVENTS.start, NOW, DEMO);
    expect(d).toMatchObject({ ok: true, next: { state: 'running', operationId: 'op1' } });
    expect(d.ok && d.audit[0]).toMatchObject({ kind: 'started', operation: 'https://arm/op1', eTag: 'e1' });
  });
  it.each([['failed', 'failed'], ['canceled', 'failed'], ['succeeded', 'succeeded'], ['unknown', 'unknown']] as const)(
    'finish %s -> %s', (status, state) => {
      const d = decide(req('running', { operationId: 'op1' }), { type: 'finish', outcome: { status, code: 'X' } }, NOW, DEMO);
      expect(d).toMatchObject({ ok: true, next: { state, outcome: { status, code: 'X' } } });
      expect(d.ok && d.audit[0]).toMatchObject({ kind: 'finished', operation: 'op1' });
    });
});

describe('helpers', () => {
  it('confirm and ack parsing', () => {
    expect(confirmMatches('  AKS-legacy\t', 'aks-legacy')).toBe(true);
    expect(confirmMatches('aks', 'aks-legacy')).toBe(false);
    expect(ackGiven('true')).toBe(true);
    expect(ackGiven(true)).toBe(true);
    expect(ackGiven('false')).toBe(false);
    expect(ackGiven(undefined)).toBe(false);
  });
});
