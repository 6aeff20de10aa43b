// Shapes shared by the command handlers: what they get and what they return (they never send).
import type { PendingChoices } from '../actions/pending-choices.ts';
import type { Locale } from '../i18n/index.ts';
import type { BotServices } from '../ports.ts';
import type { Intent } from './definitions.ts';
import type { ParsedCommand } from './parser.ts';
import type { ConversationInfo, Reply, UserInfo } from './reply.ts';

export type { ConversationInfo, Reply, UserInfo } from './reply.ts';

/** Messages a handler posts (and updates in place) after its turn, in the same conversation. */
export interface ThreadPoster {
  /** Posts a message; resolves with its activity id (undefined when the channel gave none). */
  post(reply: Reply): Promise<string | undefined>;
  /** Replaces a message the poster sent. */
  update(activityId: string, reply: Reply): Promise<void>;
}

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
  /** Runs work that outlives the turn (e.g. a long fleet scan with its progress message); absent
   * where nothing can post later (then the handler answers in its reply). */
  background?: (work: (poster: ThreadPoster) => Promise<void>) => void;
}

/** One intent's handler. */
export interface CommandHandler {
  intent: Intent | 'unknown';
  /** True when the handler may take seconds (the bot shows a typing indicator meanwhile). */
  slow: boolean;
  handle(ctx: CommandContext): Promise<Reply>;
}
