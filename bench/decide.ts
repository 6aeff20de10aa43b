// Benchmark 7: `decide` throughput over a mix of events (approve, refusals, reject, cancel, touch,
// expiry, claim, start, finish) on a request built from a real preflight report. Each case states
// its expected outcome (`ok` or the refusal reason); a case that differs is named in the flag.
import { summariseReport } from '../services/approval/apply.ts';
import { decide } from '../services/approval/decide.ts';
import { makePolicy } from '../services/approval/policy.ts';
import type { Actor, ApprovalEvent, ApprovalRequest, Decision, RefusalReason } from '../services/approval/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import { loadDemoFleet } from './fixtures.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const DECIDE = 'decide: approval state machine';

const BATCH = 1000;

/** `ok`, or the reason the state machine refuses the event. */
type Outcome = 'ok' | RefusalReason;
interface Case { name: string; request: ApprovalRequest; event: ApprovalEvent; now: Date; expect: Outcome }

function outcome(d: Decision): Outcome {
  return d.ok ? 'ok' : d.reason;
}

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
  const startEvent: ApprovalEvent = { type: 'start', operation: { id: 'op-1', asyncOperationUrl: 'https://127.0.0.1/op-1' } };
  const late = new Date(created.getTime() + 5 * 3600_000);
  const approve = (by: Actor, confirm: string, ack: string | undefined): ApprovalEvent =>
    ({ type: 'approve', by, confirm, ack, reportNow: summary, eTagNow: pending.eTag });
  // The runner claims an approved request (approved -> starting) before its PUT; only a claimed
  // request may start (services/approval/decide.ts, test/services/approval/decide.test.ts).
  const starting: ApprovalRequest = { ...approved, state: 'starting' };
  return [
    { name: 'approve', request: pending, event: approve(approver, 'aks-legacy', 'true'), now: soon, expect: 'ok' },
    { name: 'approve by the requester', request: pending, event: approve(requester, 'aks-legacy', 'true'), now: soon, expect: 'self-approval' },
    { name: 'approve, wrong name', request: pending, event: approve(approver, 'aks-other', 'true'), now: soon, expect: 'wrong-confirm' },
    { name: 'approve after expiry', request: pending, event: approve(approver, 'aks-legacy', 'true'), now: late, expect: 'expired' },
    { name: 'reject', request: pending, event: { type: 'reject', by: approver, reason: 'not this week' }, now: soon, expect: 'ok' },
    { name: 'cancel', request: pending, event: { type: 'cancel', by: requester }, now: soon, expect: 'ok' },
    { name: 'touch after expiry', request: pending, event: { type: 'touch' }, now: late, expect: 'ok' },
    { name: 'expire too early', request: pending, event: { type: 'expire' }, now: soon, expect: 'not-expired' },
    { name: 'claim', request: approved, event: { type: 'claim' }, now: soon, expect: 'ok' },
    { name: 'start unclaimed', request: approved, event: startEvent, now: soon, expect: 'not-approved' },
    { name: 'start', request: starting, event: startEvent, now: soon, expect: 'ok' },
    { name: 'finish', request: running, event: { type: 'finish', outcome: { status: 'succeeded' } }, now: soon, expect: 'ok' },
  ];
}

/** Times batches of 1,000 decisions; flags (by name) any case whose outcome is not the expected one. */
export async function benchDecide(options: BenchOptions): Promise<BenchResult> {
  const all = cases();
  const policy = makePolicy({ demoMode: true });
  const differing = new Map<string, string>();
  let wrong = 0;
  const timing = await measure(() => {
    wrong = 0;
    for (let i = 0; i < BATCH; i += 1) {
      const k = all[i % all.length];
      const got = outcome(decide(k.request, k.event, k.now, policy));
      if (got !== k.expect) {
        wrong += 1;
        differing.set(k.name, `${k.name}: ${got}, expected ${k.expect}`);
      }
    }
  }, { ...counts(options, { warmup: 20, iterations: 200 }, { warmup: 1, iterations: 5 }), opsPerIteration: BATCH });
  return {
    name: DECIDE, unit: 'decisions', ...timing,
    figures: { decisionsPerIteration: BATCH, eventKinds: all.length, unexpectedOutcomes: wrong },
    notes: [`${BATCH} decisions/iter over ${all.length} cases, ${wrong} unexpected`],
    flags: wrong > 0 ? [`${wrong} decisions per batch differ from the expected outcome (${[...differing.values()].join('; ')})`] : [],
  };
}
