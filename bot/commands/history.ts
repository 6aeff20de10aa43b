// `history X`: a cluster's audit trail. Nothing is recorded before approvals exist.
import { messages } from '../i18n/index.ts';
import type { CommandHandler } from './types.ts';

/** Answers "nothing yet" until the approval flow records requests. */
export const historyCommand: CommandHandler = {
  intent: 'history',
  slow: false,
  handle: async (ctx) =>
    ({ text: messages(ctx.locale).historyNothingYet(ctx.command.intent === 'unknown' ? undefined : ctx.command.cluster?.name) }),
};
