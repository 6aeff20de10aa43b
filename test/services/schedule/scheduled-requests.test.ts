// The approval state machine's scheduled-start transitions, and the schedule store (SQLite).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../services/approval/decide.ts';
import { makePolicy } from '../../../services/approval/policy.ts';
import type { ApprovalRequest, RequestState } from '../../../services/approval/types.ts';
import { openStore } from '../../../services/store/index.ts';

const NOW = new Date('2026-01-01T01:00:00.000Z');
const requester = { id: 'u-req', name: 'Req' };
const approver = { id: 'u-app', name: 'App' };
const DEMO = makePolicy({ demoMode: true });
const START = { kind: 'time' as const, at: '2026-01-01T02:00:00.000Z', timeZone: 'UTC' };

function req(state: RequestState, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'r1', version: 3, state,
    cluster: { id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-x', subscriptionId: 's1', resourceGroup: 'rg', name: 'aks-x' },
    target: 'overlay', plan: { azCommand: 'az', networkProfile: { networkPluginMode: 'overlay' } },
    requester, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T04:00:00.000Z',
    report: { verdict: 'ready', hash: 'h1', blockers: [], warnings: [] }, eTag: 'e1', dryRun: false, ...over,
  };
}
const approveWith = (start: typeof START) => ({ type: 'approve' as const, by: approver, confirm: 'aks-x', ack: undefined,
  reportNow: { verdict: 'ready' as const, hash: 'h2', blockers: [], warnings: [] }, eTagNow: 'e1', start });

describe('decide: scheduled starts', () => {
  it('approving with a start keeps it on the request and audits it', () => {
    const d = decide(req('pending'), approveWith(START), NOW, DEMO);
    expect(d).toMatchObject({ ok: true, next: { state: 'approved', scheduledStart: START, approvedETag: 'e1' },
      audit: [{ kind: 'approved', note: { id: 'scheduled', kind: 'time', at: START.at } }] });
  });

  it.each([
    ['in the past', '2026-01-01T00:59:00.000Z'],
    ['now', NOW.toISOString()],
    ['after the expiry', '2026-01-01T04:00:01.000Z'],
    ['malformed', 'soon'],
  ])('refuses a start %s', (_name, at) => {
    expect(decide(req('pending'), approveWith({ ...START, at }), NOW, DEMO)).toEqual({ ok: false, reason: 'bad-start-time' });
  });

  it('cancels a scheduled request until it starts, and only then', () => {
    const scheduled = req('approved', { scheduledStart: START });
    expect(decide(scheduled, { type: 'cancel', by: requester }, NOW, DEMO)).toMatchObject({ ok: true, next: { state: 'cancelled' } });
    expect(decide(scheduled, { type: 'cancel', by: { id: 'u-x', name: 'X' } }, NOW, makePolicy({ approvers: ['u-app'] }))).toMatchObject({ ok: false });
    expect(decide(req('approved'), { type: 'cancel', by: requester }, NOW, DEMO)).toEqual({ ok: false, reason: 'not-pending' });
    expect(decide(req('starting', { scheduledStart: START }), { type: 'cancel', by: requester }, NOW, DEMO)).toEqual({ ok: false, reason: 'not-pending' });
  });

  it('withdraws a scheduled request the scheduler must not start, with the reason audited', () => {
    expect(decide(req('approved', { scheduledStart: START }), { type: 'withdraw', reason: 'cluster-changed' }, NOW, DEMO)).toMatchObject({
      ok: true, next: { state: 'cancelled' }, audit: [{ kind: 'cancelled', note: { id: 'not-started', reason: 'cluster-changed' } }] });
    expect(decide(req('approved'), { type: 'withdraw', reason: 'x' }, NOW, DEMO)).toEqual({ ok: false, reason: 'not-scheduled' });
    expect(decide(req('running', { scheduledStart: START }), { type: 'withdraw', reason: 'x' }, NOW, DEMO)).toEqual({ ok: false, reason: 'not-scheduled' });
  });
});

describe('schedule store', () => {
  it('keeps waiting starts soonest first across a reopen, and settles each once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-sched-store-'));
    try {
      const row = (requestId: string, dueAt: string) => ({ requestId, clusterId: '/SUBSCRIPTIONS/s/x', kind: 'time' as const, dueAt, timeZone: 'UTC',
        by: approver, state: 'waiting' as const, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
      let store = openStore(dir);
      expect(store.schemaVersion).toBeGreaterThanOrEqual(8);
      store.schedules.insert(row('late', '2026-01-01T03:00:00.000Z'));
      store.schedules.insert(row('soon', '2026-01-01T02:00:00.000Z'));
      expect(() => store.schedules.insert(row('soon', '2026-01-01T02:30:00.000Z'))).toThrow();
      store.close();
      store = openStore(dir);
      expect(store.schedules.listWaiting().map((s) => s.requestId)).toEqual(['soon', 'late']);
      expect(store.schedules.settle('soon', 'started', '2026-01-01T02:00:01.000Z')).toBe(true);
      expect(store.schedules.settle('soon', 'cancelled', '2026-01-01T02:00:02.000Z')).toBe(false);
      expect(store.schedules.settle('nope', 'cancelled', '2026-01-01T02:00:02.000Z')).toBe(false);
      expect(store.schedules.get('soon')).toMatchObject({ state: 'started', updatedAt: '2026-01-01T02:00:01.000Z' });
      expect(store.schedules.settle('late', 'not-started', '2026-01-01T03:00:00.000Z', 'cluster-changed')).toBe(true);
      expect(store.schedules.get('late')).toMatchObject({ state: 'not-started', reason: 'cluster-changed' });
      expect(store.schedules.listWaiting()).toEqual([]);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
