// The chat data a migration request carries (`ApprovalRequest.thread`, opaque to services/): where
// the request was made, so approval, progress and final messages go back to the same thread. The
// approval layer's `ApprovalThread` (bot/approval/thread.ts) is a superset of this shape.
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Locale } from '../i18n/index.ts';

/** Where a request lives in Teams; stored as plain JSON in `ApprovalRequest.thread`. */
export interface ThreadInfo {
  /** Conversation reference of the thread (botbuilder `ConversationReference` as JSON). */
  reference: Partial<ConversationReference> & Record<string, unknown>;
  /** Conversation id of the thread (a channel thread id carries `;messageid=`). */
  conversationId: string;
  /** The language of the requester: every message in this thread uses it. */
  locale: Locale;
  /** The approval card's activity id (`ApprovalThread.cardActivityId` in bot/approval/thread.ts). */
  cardActivityId?: string;
  /** Display name of the channel/chat, used when no deep link can be built. */
  name?: string;
}

const threadSchema = z.object({
  reference: z.record(z.string(), z.unknown()).refine((r) => typeof r.serviceUrl === 'string' && typeof r.conversation === 'object' && r.conversation !== null,
    { message: 'reference needs serviceUrl and conversation' }),
  conversationId: z.string().min(1),
  locale: z.enum(['en', 'ja']),
  cardActivityId: z.string().min(1).optional(),
  name: z.string().optional(),
});

/** Reads a request's opaque `thread` JSON; undefined when absent or not a ThreadInfo. */
export function parseThreadInfo(value: unknown): ThreadInfo | undefined {
  const parsed = threadSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { reference, ...rest } = parsed.data;
  return { ...rest, reference: reference as ThreadInfo['reference'] };
}

/** A ThreadInfo as the plain JSON `ApprovalRequest.thread` stores (round-trips through parseThreadInfo). */
export function threadInfoToJson(thread: ThreadInfo): Record<string, unknown> {
  return JSON.parse(JSON.stringify(thread)) as Record<string, unknown>;
}

/** Builds the ThreadInfo of the conversation an activity arrived in. */
export function threadFromReference(reference: Partial<ConversationReference>, locale: Locale, extra: { cardActivityId?: string; name?: string } = {}): ThreadInfo {
  const plain = JSON.parse(JSON.stringify(reference)) as ThreadInfo['reference'];
  const conversationId = String((plain.conversation as { id?: unknown } | undefined)?.id ?? '');
  return { reference: plain, conversationId, locale, ...extra };
}

/** A Teams deep link to the thread when its id allows one (channel threads and group chats), else undefined. */
export function threadDeepLink(thread: Pick<ThreadInfo, 'conversationId' | 'reference'>): string | undefined {
  const [channel, ...params] = thread.conversationId.split(';');
  const messageId = params.map((p) => /^messageid=(\d+)$/.exec(p)?.[1]).find((x) => x !== undefined);
  const tenantId = (thread.reference.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  const tenant = typeof tenantId === 'string' && tenantId ? `tenantId=${encodeURIComponent(tenantId)}` : '';
  if (!channel.startsWith('19:')) return undefined;
  if (messageId) {
    const query = [tenant, `parentMessageId=${messageId}`].filter(Boolean).join('&');
    return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${messageId}?${query}`;
  }
  return `https://teams.microsoft.com/l/chat/${encodeURIComponent(channel)}/conversations${tenant ? `?${tenant}` : ''}`;
}

/** The reference to post into: a top-level channel post (the approval card) is replied to in its thread. */
export function postReference(thread: ThreadInfo): ThreadInfo['reference'] {
  const conversation = (thread.reference.conversation ?? {}) as Record<string, unknown>;
  const id = typeof conversation.id === 'string' ? conversation.id : thread.conversationId;
  if (conversation.conversationType !== 'channel' || id.includes(';messageid=') || !thread.cardActivityId) return thread.reference;
  return { ...thread.reference, conversation: { ...conversation, id: `${id};messageid=${thread.cardActivityId}` } } as ThreadInfo['reference'];
}
