// Verb `requestPlanStep`: data `{ stepId }` (an opaque id of a stored plan's step); everything else
// is looked up server-side. The step becomes a normal upgrade request with its own approval card.
import { z } from 'zod';
import { PLAN_VERBS } from '../../cards/plan-card.ts';
import { invalidActionReply } from '../approval/invalid-action.ts';
import { refusal } from '../commands/permissions.ts';
import type { ActionHandler } from './types.ts';

const dataSchema = z.object({ stepId: z.string().min(3).max(80) });

/** Requests the plan step the card offered, or answers why not with the plan as it stands. */
export const requestPlanStepAction: ActionHandler = {
  verb: PLAN_VERBS.requestStep,
  async handle(ctx) {
    const data = dataSchema.safeParse(ctx.data);
    if (!data.success || !ctx.services.plans) return invalidActionReply(ctx.services, ctx.locale);
    // Reading the plan is a read; the request itself is checked by the approval flow (REQUESTERS).
    const denied = refusal('read', { ...ctx, command: { intent: 'plan', language: ctx.locale }, text: '' });
    if (denied) return denied;
    return ctx.services.plans.requestStep(ctx, data.data.stepId);
  },
};
