// `cancel [X]`: withdraws a pending request. Nothing can be pending before approvals exist.
import { messages } from '../i18n/index.ts';
import type { CommandHandler } from './types.ts';

/** Answers "nothing pending" until the approval flow records requests. */
export const cancelCommand: CommandHandler = {
  intent: 'cancel',
  slow: false,
  handle: async (ctx) =>
    ({ text: messages(ctx.locale).cancelNothingPending(ctx.command.intent === 'unknown' ? undefined : ctx.command.cluster?.name) }),
};
