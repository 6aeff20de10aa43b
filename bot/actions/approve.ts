// Verb `approve`: data `{ requestId, confirm, ack }` (inputs merged by Teams); everything else is
// looked up server-side. The reply answers the clicker; the desk replaces the card for everyone.
import { APPROVAL_VERBS } from '../../cards/approval-card.ts';
import { parseApproveData } from '../approval/action-data.ts';
import { invalidActionReply } from '../approval/invalid-action.ts';
import type { ActionHandler } from './types.ts';

/** Approves a pending request, or answers with the card that says why not. */
export const approveAction: ActionHandler = {
  verb: APPROVAL_VERBS.approve,
  async handle(ctx) {
    const data = parseApproveData(ctx.data);
    if (!data || !ctx.services.approvals) return invalidActionReply(ctx.services, ctx.locale);
    return ctx.services.approvals.approve({
      requestId: data.requestId, confirm: data.confirm, ack: data.ack,
      startChoice: data.startChoice, startDate: data.startDate, startTime: data.startTime, ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
      user: ctx.user, conversation: ctx.conversation, locale: ctx.locale,
    });
  },
};
