// Verb `refresh`: the approval card as the clicker should see it (actionable for approvers,
// read-only for everyone else, the decided card once the request left pending).
import { APPROVAL_VERBS } from '../../cards/approval-card.ts';
import { parseRefreshData } from '../approval/action-data.ts';
import { invalidActionReply } from '../approval/invalid-action.ts';
import type { ActionHandler } from './types.ts';

/** Answers with the clicker's view of the approval card. */
export const refreshAction: ActionHandler = {
  verb: APPROVAL_VERBS.refresh,
  async handle(ctx) {
    const data = parseRefreshData(ctx.data);
    if (!data || !ctx.services.approvals) return invalidActionReply(ctx.services, ctx.locale);
    return ctx.services.approvals.refresh({ requestId: data.requestId, user: ctx.user, conversation: ctx.conversation, locale: ctx.locale,
      ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}) });
  },
};
