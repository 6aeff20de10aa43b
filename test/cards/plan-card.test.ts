// The plan card's rules beyond its snapshots: one action only for the first ready step (data: only
// the opaque step id), none while that step's request waits or runs, none without a stored plan.
import { describe, expect, it } from 'vitest';
import { buildPlanCard, parsePlanStepId, planStepId, PLAN_VERBS } from '../../cards/plan-card.ts';
import { demoPlan, demoPlanBlocked } from '../../cards/render/demo-plan.ts';
import { validateCard } from '../../cards/validate.ts';
import { executeActions } from '../bot/approval/approval-harness.ts';
import { cardText } from '../fakes/card-text.ts';

const ID = '5b0c7a1e-2f4d-4c1a-9e3b-7d2a6f8c1e40';

describe('plan card', () => {
  it('offers one request action for the first ready step, carrying only its opaque id', () => {
    const card = buildPlanCard({ plan: demoPlan, planId: ID, locale: 'en' });
    expect(validateCard(card)).toEqual([]);
    const actions = executeActions(card);
    expect(actions).toHaveLength(1);
    expect(actions[0].verb).toBe(PLAN_VERBS.requestStep);
    expect(actions[0].data).toEqual({ stepId: `${ID}.1` });
    expect(actions[0].title).toBe('Request step 1: Overlay');
    expect(cardText(card)).toContain('Waiting for step 1');
  });

  it('has no action when the step is blocked, requested, running, or the plan is not stored', () => {
    expect(executeActions(buildPlanCard({ plan: demoPlanBlocked, planId: ID, locale: 'en' }))).toEqual([]);
    const requested = buildPlanCard({ plan: demoPlan, planId: ID, requested: [0], locale: 'en' });
    expect(executeActions(requested)).toEqual([]);
    expect(cardText(requested)).toContain('Requested: waiting for approval');
    expect(cardText(buildPlanCard({ plan: demoPlan, planId: ID, running: [0], locale: 'ja' }))).toContain('実行中');
    expect(executeActions(buildPlanCard({ plan: demoPlan, locale: 'en' }))).toEqual([]);
  });

  it('shows each blocker with its check id and fix, in both languages', () => {
    expect(cardText(buildPlanCard({ plan: demoPlanBlocked, planId: ID, locale: 'en' }))).toMatch(/cilium-windows-pools\*\*: Move Windows workloads/);
    expect(cardText(buildPlanCard({ plan: demoPlanBlocked, planId: ID, locale: 'ja' }))).toMatch(/cilium-windows-pools\*\*: Cilium を有効にする前に/);
  });

  it('round-trips step ids and rejects malformed ones', () => {
    expect(parsePlanStepId(planStepId(ID, 1))).toEqual({ planId: ID, index: 1 });
    for (const bad of ['', ID, `${ID}.0`, `${ID}.x`, `../${ID}.1`, `${ID}.1.2`]) expect(parsePlanStepId(bad)).toBeUndefined();
  });
});
