// Shapes shared by the Action.Execute handlers (one file per verb).
import type { Intent } from '../commands/definitions.ts';
import type { CommandContext, CommandHandler, Reply } from '../commands/types.ts';

/** What an action handler gets: the command context (without a parsed command) and the card data. */
export interface ActionContext extends Omit<CommandContext, 'command' | 'text'> {
  /** `action.data` as it arrived: untrusted, validate before use. */
  data: unknown;
  /** The clicker's IANA time zone as Teams sends it (`activity.localTimezone`); untrusted. */
  timeZone?: string;
  /** The command handlers, for actions that continue a command. */
  commands: ReadonlyMap<Intent | 'unknown', CommandHandler>;
}

/** One Action.Execute verb. The reply replaces the clicked card (a card) or answers it (text). */
export interface ActionHandler {
  verb: string;
  handle(ctx: ActionContext): Promise<Reply>;
}
