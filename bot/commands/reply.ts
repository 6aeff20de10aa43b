// What a command handler answers and who/where it answers (shared by the handlers and bot/ports.ts,
// kept apart from commands/types.ts so the ports do not import the handler types that import them).
import type { AdaptiveCard } from '../../cards/types.ts';

/** What a handler answers: text, a card, or both (text first). */
export interface Reply {
  text?: string;
  card?: AdaptiveCard;
}

/** The conversation a command came from. */
export interface ConversationInfo {
  id: string;
  /** True in a Teams channel (or a thread of one). */
  isChannel: boolean;
  /** Conversation id of the channel itself (no `;messageid=`), when in a channel. */
  channelConversationId?: string;
  type?: string;
}

/** The user who sent the command. */
export interface UserInfo {
  id: string;
  aadObjectId?: string;
  name?: string;
}
