// Shapes shared by the command handlers: what they get and what they return (they never send).
import type { PendingChoices } from '../actions/pending-choices.ts';
import type { Locale } from '../i18n/index.ts';
import type { BotServices } from '../ports.ts';
import type { Intent } from './definitions.ts';
import type { ParsedCommand } from './parser.ts';
import type { ConversationInfo, Reply, UserInfo } from './reply.ts';

export type { ConversationInfo, Reply, UserInfo } from './reply.ts';

/** Everything a handler may use. */
export interface CommandContext {
  command: ParsedCommand;
  /** The message text after the bot's mention was removed. */
  text: string;
  locale: Locale;
  services: BotServices;
  conversation: ConversationInfo;
  user: UserInfo;
  /** Where choose-a-cluster tokens are kept. */
  choices: PendingChoices;
}

/** One intent's handler. */
export interface CommandHandler {
  intent: Intent | 'unknown';
  /** True when the handler may take seconds (the bot shows a typing indicator meanwhile). */
  slow: boolean;
  handle(ctx: CommandContext): Promise<Reply>;
}
