// The plan card: every step of a migration plan with its state (blocked / ready / waiting for step
// N / running / done, or requested), blockers with their fixes, estimated duration and what changes
// for workloads; one "request this step" action for the first ready step, its data only an opaque id.
import { planMessageText, planText, goalName, targetName } from '../i18n/plan.ts';
import { renderMessage } from '../i18n/render.ts';
import type { PathPlan, PlanStep } from '../services/planning/types.ts';
import { escapeMarkdown } from './format.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Locale } from './types.ts';

/** The verb of the plan card's action (its data: `{ stepId }`). */
export const PLAN_VERBS = { requestStep: 'requestPlanStep' } as const;

/** Input of buildPlanCard. */
export interface PlanCardData {
  plan: PathPlan;
  /** Opaque id of the stored plan; absent = the card offers no action (nothing stored). */
  planId?: string;
  /** Indexes (0-based) of steps whose request waits for approval. */
  requested?: readonly number[];
  /** Indexes (0-based) of steps whose request was approved and runs (shown running even before Azure says so). */
  running?: readonly number[];
  /** False when requests are not enabled (the card says why it has no button). */
  requestsEnabled?: boolean;
  locale: Locale;
}

/** The opaque id of step `index` (0-based) of plan `planId`, as the card action carries it. */
export function planStepId(planId: string, index: number): string {
  return `${planId}.${index + 1}`;
}

/** The plan id and 0-based step index of an opaque step id, or undefined when malformed. */
export function parsePlanStepId(stepId: string): { planId: string; index: number } | undefined {
  const m = /^([A-Za-z0-9-]{1,64})\.([1-9])$/.exec(stepId);
  return m ? { planId: m[1], index: Number(m[2]) - 1 } : undefined;
}

type Shown = PlanStep['state'] | 'requested';

const COLORS: Record<Shown, string> = {
  blocked: 'Attention', ready: 'Good', waiting: 'Default', running: 'Accent', done: 'Good', requested: 'Accent',
};

const bullets = (items: readonly string[]): string => items.map((i) => `- ${i}`).join('\n');

/** The state a step shows: the planner's, unless its request waits for approval or runs. */
function shownState(step: PlanStep, index: number, data: PlanCardData): Shown {
  if (step.state === 'done') return 'done';
  if (data.running?.includes(index)) return 'running';
  if (data.requested?.includes(index) && step.state === 'ready') return 'requested';
  return step.state;
}

/** The index of the step the card offers to request: the first step not done, when it is ready and not requested. */
export function offeredStep(data: Pick<PlanCardData, 'plan' | 'requested' | 'running'>): number | undefined {
  const index = data.plan.steps.findIndex((s) => s.state !== 'done');
  if (index < 0) return undefined;
  const step = data.plan.steps[index];
  if (step.state !== 'ready' || data.requested?.includes(index) || data.running?.includes(index)) return undefined;
  return index;
}

/** Builds the plan card. */
export function buildPlanCard(data: PlanCardData): AdaptiveCard {
  const lang = data.locale;
  const t = (id: Parameters<typeof planText>[1], params?: Parameters<typeof planText>[2]): string => planText(lang, id, params);
  const { plan } = data;
  const c = plan.cluster;
  const steps = plan.steps.map((s, i) => {
    const state = shownState(s, i, data);
    const stateText = state === 'waiting' ? t('card.state.waiting', { after: s.after ?? i }) : t(`card.state.${state}`);
    const open = state !== 'done';
    return {
      heading: t('card.step', { n: i + 1, target: targetName(lang, s.target) }),
      stateText,
      color: COLORS[state],
      estimate: open && s.estimate ? t('card.estimate', { minutes: s.estimate.minutes, nodes: s.estimate.nodes, pools: s.estimate.pools }) : '',
      finishing: open && s.finishing ? t('card.finishing') : '',
      projected: open && s.projected ? t('card.projected') : '',
      blockersHeading: t('card.blockers'),
      blockers: open ? bullets(s.blockers.map((b) => t('card.blocker', { id: b.id, unverified: b.unverified, fix: escapeMarkdown(renderMessage(b.remediation, lang)) }))) : '',
      beforeHeading: t('card.before'),
      before: open ? bullets(s.prerequisites.map((m) => escapeMarkdown(planMessageText(lang, m)))) : '',
      changesHeading: t('card.changes'),
      changes: open ? bullets(s.effects.map((m) => escapeMarkdown(planMessageText(lang, m)))) : '',
      azCommand: open && s.azCommand ? s.azCommand : '',
    };
  });
  const current = plan.steps.findIndex((s) => s.state !== 'done');
  const goal = goalName(lang, plan.goal);
  const summary = current < 0 ? t('card.nothing', { cluster: c.name, goal })
    : plan.steps[current].state === 'blocked' ? t('card.next-blocked', { n: current + 1, target: targetName(lang, plan.steps[current].target) })
      : t('card.total', { minutes: plan.estimatedMinutes });
  const offered = data.planId ? offeredStep(data) : undefined;
  return renderTemplate('plan', {
    title: t('card.title', { cluster: c.name, goal }),
    now: t('card.now', { mode: c.mode, dataplane: c.dataplane, policy: c.networkPolicy, version: c.kubernetesVersion ?? '?' }),
    steps,
    notesHeading: t('card.notes'),
    notes: bullets(plan.notes.map((m) => escapeMarkdown(planMessageText(lang, m)))),
    summary,
    noRequests: data.requestsEnabled === false ? t('card.no-requests') : '',
    stepId: offered !== undefined && data.planId ? planStepId(data.planId, offered) : '',
    actionTitle: offered !== undefined ? t('card.action', { n: offered + 1, target: targetName(lang, plan.steps[offered].target) }) : '',
  });
}
