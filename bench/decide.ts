// Benchmark 7: `decide` throughput over a mix of events (approve, refusals, reject, cancel, touch,
// expiry, start, finish) on a request built from a real preflight report.
import { summariseReport } from '../services/approval/apply.ts';
import { decide } from '../services/approval/decide.ts';
import { makePolicy } from '../services/approval/policy.ts';
import type { Actor, ApprovalEvent, ApprovalRequest } from '../services/approval/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import { loadDemoFleet } from './fixtures.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const DECIDE = 'decide: approval state machine';

const BATCH = 1000;

interface Case { request: ApprovalRequest; event: ApprovalEvent; now: Date; expectOk: boolean }

function cases(): Case[] {
  const legacy = loadDemoFleet().find((s) => s.cluster.name === 'aks-legacy');
  if (!legacy) throw new Error('demo fleet has no aks-legacy');
  const report = runPreflight(legacy, 'overlay', { podCidr: '192.168.0.0/16' });
  if (!report.plan) throw new Error('aks-legacy overlay with 192.168.0.0/16 has no plan');
  const summary = summariseReport(report);
  const c = legacy.cluster;
  const requester: Actor = { id: '00000000-0000-0000-0000-0000000000a1', name: 'Requester' };
  const approver: Actor = { id: '00000000-0000-0000-0000-0000000000b2', name: 'Approver' };
  const created = new Date('2025-01-01T00:00:00Z');
  const pending: ApprovalRequest = {
    id: 'req-bench', version: 1, state: 'pending',
    cluster: { id: c.id, subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, name: c.name },
    target: 'overlay', podCidr: '192.168.0.0/16', plan: report.plan, requester,
    createdAt: created.toISOString(), updatedAt: created.toISOString(),
    expiresAt: new Date(created.getTime() + 4 * 3600_000).toISOString(),
    report: summary, eTag: c.eTag ?? null, dryRun: false,
  };
  const approved: ApprovalRequest = { ...pending, state: 'approved', approvedETag: pending.eTag };
  const running: ApprovalRequest = { ...approved, state: 'running', operationId: 'op-1' };
  const soon = new Date(created.getTime() + 60_000);
  const late = new Date(created.getTime() + 5 * 3600_000);
  const approve = (by: Actor, confirm: string, ack: string | undefined): ApprovalEvent =>
    ({ type: 'approve', by, confirm, ack, reportNow: summary, eTagNow: pending.eTag });
  return [
    { request: pending, event: approve(approver, 'aks-legacy', 'true'), now: soon, expectOk: true },
    { request: pending, event: approve(requester, 'aks-legacy', 'true'), now: soon, expectOk: false },
    { request: pending, event: approve(approver, 'aks-other', 'true'), now: soon, expectOk: false },
    { request: pending, event: approve(approver, 'aks-legacy', 'true'), now: late, expectOk: false },
    { request: pending, event: { type: 'reject', by: approver, reason: 'not this week' }, now: soon, expectOk: true },
    { request: pending, event: { type: 'cancel', by: requester }, now: soon, expectOk: true },
    { request: pending, event: { type: 'touch' }, now: late, expectOk: true },
    { request: pending, event: { type: 'expire' }, now: soon, expectOk: false },
    { request: approved, event: { type: 'start', operation: { id: 'op-1', asyncOperationUrl: 'https://127.0.0.1/op-1' } }, now: soon, expectOk: true },
    { request: running, event: { type: 'finish', outcome: { status: 'succeeded' } }, now: soon, expectOk: true },
  ];
}

/** Times batches of 1,000 decisions; flags any case whose outcome is not the expected one. */
export async function benchDecide(options: BenchOptions): Promise<BenchResult> {
  const all = cases();
  const policy = makePolicy({ demoMode: true });
  let wrong = 0;
  const timing = await measure(() => {
    wrong = 0;
    for (let i = 0; i < BATCH; i += 1) {
      const k = all[i % all.length];
      if (decide(k.request, k.event, k.now, policy).ok !== k.expectOk) wrong += 1;
    }
  }, { ...counts(options, { warmup: 20, iterations: 200 }, { warmup: 1, iterations: 5 }), opsPerIteration: BATCH });
  return {
    name: DECIDE, unit: 'decisions', ...timing,
    figures: { decisionsPerIteration: BATCH, eventKinds: all.length, unexpectedOutcomes: wrong },
    notes: [`${BATCH} decisions/iter over ${all.length} cases, ${wrong} unexpected`],
    flags: wrong > 0 ? [`${wrong} decisions per batch differ from the expected outcome`] : [],
  };
}
