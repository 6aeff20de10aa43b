// `status [X]`: running migrations and last outcomes. Nothing is recorded before approvals exist.
import { messages } from '../i18n/index.ts';
import type { CommandHandler } from './types.ts';

/** Answers "nothing yet" until the approval flow records requests. */
export const statusCommand: CommandHandler = {
  intent: 'status',
  slow: false,
  handle: async (ctx) => ({ text: messages(ctx.locale).statusNothingYet }),
};
