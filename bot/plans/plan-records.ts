// Pure helpers of stored plans: the chat data a plan and a plan's request carry, and each stored
// step's state as the requests of the cluster show it (for the card, `status` and `history`).
import { z } from 'zod';
import { TERMINAL_STATES, type ApprovalRequest } from '../../services/approval/types.ts';
import type { PlanRecord } from '../../services/store/types.ts';
import { goalName, planText, targetName } from '../../i18n/plan.ts';
import type { ConversationInfo } from '../commands/types.ts';
import type { Locale } from '../i18n/index.ts';
import type { PlanLink } from '../ports.ts';

/** `plan.thread` as the chat layer writes it: where the plan was asked for, and in which language. */
export interface PlanThread {
  conversation: ConversationInfo;
  locale: Locale;
}

const threadSchema = z.object({
  conversation: z.object({
    id: z.string().min(1), isChannel: z.boolean(), channelConversationId: z.string().optional(), type: z.string().optional(),
  }),
  locale: z.enum(['en', 'ja']),
});

const linkSchema = z.object({ plan: z.object({ planId: z.string().min(1).max(64), step: z.number().int().min(0).max(8) }) });

/** The plan's chat data, or undefined when it is not ours. */
export function readPlanThread(plan: Pick<PlanRecord, 'thread'>): PlanThread | undefined {
  const r = threadSchema.safeParse(plan.thread);
  return r.success ? r.data : undefined;
}

/** The plan step a request was made for, from its chat data (undefined for a plain `upgrade`). */
export function planLinkOf(request: Pick<ApprovalRequest, 'thread'>): PlanLink | undefined {
  const r = linkSchema.safeParse(request.thread);
  return r.success ? r.data.plan : undefined;
}

/** A stored step as the cluster's requests show it. */
export type StoredStepState = 'done' | 'running' | 'requested' | 'ended' | 'open';

/** The newest request of the plan's cluster for `target` made since the plan (a plan step or a plain upgrade). */
export function stepRequest(plan: PlanRecord, target: string, requests: readonly ApprovalRequest[]): ApprovalRequest | undefined {
  return requests
    .filter((r) => r.target === target && r.createdAt >= plan.createdAt && !r.dryRun)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** Each stored step's state from the requests of the cluster (newest first, as the store lists them). */
export function storedStepStates(plan: PlanRecord, requests: readonly ApprovalRequest[]): StoredStepState[] {
  return plan.steps.map((step) => {
    if (step.doneAtStart) return 'done';
    const r = stepRequest(plan, step.target, requests);
    if (!r) return 'open';
    if (r.state === 'succeeded') return 'done';
    if (r.state === 'pending') return 'requested';
    if (!TERMINAL_STATES.includes(r.state)) return 'running';
    return 'ended';
  });
}

/** One line per plan: the cluster, the goal and every step with its state. */
export function planLine(plan: PlanRecord, states: readonly StoredStepState[], locale: Locale): string {
  const steps = plan.steps.map((s, i) => planText(locale, 'status.step', {
    n: i + 1, target: targetName(locale, s.target), state: planText(locale, `status.state.${states[i]}`),
  }));
  return planText(locale, 'status.plan', { cluster: plan.cluster.name, goal: goalName(locale, plan.goal), steps: steps.join(locale === 'ja' ? '、' : ' · ') });
}
