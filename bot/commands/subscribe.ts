// `subscribe` / `unsubscribe`: a channel opts in to (or out of) approval cards and migration notices.
import { messages } from '../i18n/index.ts';
import type { CommandHandler } from './types.ts';

/** Marks this channel as subscribed (its reference was remembered by the turn). */
export const subscribeCommand: CommandHandler = {
  intent: 'subscribe',
  slow: false,
  async handle(ctx) {
    const m = messages(ctx.locale);
    const channel = ctx.conversation.channelConversationId;
    if (!ctx.conversation.isChannel || !channel) return { text: m.channelOnly };
    ctx.services.conversations.subscribe(channel);
    return { text: m.subscribed };
  },
};

/** Drops this channel's subscription. */
export const unsubscribeCommand: CommandHandler = {
  intent: 'unsubscribe',
  slow: false,
  async handle(ctx) {
    const m = messages(ctx.locale);
    const channel = ctx.conversation.channelConversationId;
    if (!ctx.conversation.isChannel || !channel) return { text: m.channelOnly };
    return { text: ctx.services.conversations.unsubscribe(channel) ? m.unsubscribed : m.notSubscribed };
  },
};
