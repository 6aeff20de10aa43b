// Verb `reject`: data `{ requestId[, reason] }`; records who rejected and why.
import { APPROVAL_VERBS } from '../../cards/approval-card.ts';
import { parseRejectData } from '../approval/action-data.ts';
import { invalidActionReply } from '../approval/invalid-action.ts';
import type { ActionHandler } from './types.ts';

/** Rejects a pending request, or answers with the card that says why not. */
export const rejectAction: ActionHandler = {
  verb: APPROVAL_VERBS.reject,
  async handle(ctx) {
    const data = parseRejectData(ctx.data);
    if (!data || !ctx.services.approvals) return invalidActionReply(ctx.services, ctx.locale);
    return ctx.services.approvals.reject({
      requestId: data.requestId, reason: data.reason,
      user: ctx.user, conversation: ctx.conversation, locale: ctx.locale,
    });
  },
};
