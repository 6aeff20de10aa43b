// Where the approval card of a request goes: the conversation it was made in, or for a personal chat
// the channel named by NETPILOT_APPROVAL_CHANNEL (the bot must have been installed there, in an
// allowed tenant). Without it, production rules refuse with a hint; demo mode uses the subscribed
// channel when exactly one is subscribed (never "the first of several").
import { tenantAllowed, type ApprovalPolicy } from '../../services/approval/policy.ts';
import type { ConversationStore, StoredConversation } from '../../services/store/types.ts';
import type { ConversationInfo } from '../commands/types.ts';
import type { ApprovalMessages } from '../i18n/approval-messages.ts';

/** Where a request's card goes (`elsewhere`: not the conversation it was made in), or why it cannot go anywhere. */
export type Destination = { conversation: StoredConversation; elsewhere: boolean } | { refused: string };

/** The destination of a request made in `conversation` (pure over the store's current content). */
export function approvalDestination(conversation: ConversationInfo, deps: {
  store: ConversationStore; rules: ApprovalPolicy; approvalChannel?: string; m: ApprovalMessages;
}): Destination {
  const { store, rules, approvalChannel, m } = deps;
  const personal = !conversation.isChannel && (conversation.type === 'personal' || conversation.type === undefined);
  if (!personal) {
    const here = store.get(conversation.id);
    return here ? { conversation: here, elsewhere: false } : { refused: m.noSubscribedChannel };
  }
  if (approvalChannel) {
    const channel = store.get(approvalChannel);
    if (!channel || !tenantAllowed(rules, channel.tenantId)) return { refused: m.approvalChannelUnknown(approvalChannel) };
    return { conversation: channel, elsewhere: true };
  }
  if (!rules.demoMode) return { refused: m.approvalChannelUnset };
  // Demo only: the subscribed channel stands in for NETPILOT_APPROVAL_CHANNEL when it is unambiguous.
  const subscribed = store.listSubscribed();
  if (subscribed.length === 0) return { refused: m.noSubscribedChannel };
  if (subscribed.length > 1) return { refused: m.approvalChannelAmbiguous(subscribed.map((c) => c.conversationId).join(', ')) };
  return { conversation: subscribed[0], elsewhere: true };
}
