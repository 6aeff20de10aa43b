// The chat data an approval request carries (`request.thread`, opaque to services/): where its card
// lives (conversation reference + activity id) and what the card shows, so any later turn (refresh,
// approve, progress) can rebuild or update it. The progress notifier reads `reference` and
// `cardActivityId` to post into and update the same thread.
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { ApprovalPool } from '../../cards/approval-card.ts';
import type { PreflightReport } from '../../services/preflight/types.ts';
import type { ApprovalRequest } from '../../services/approval/types.ts';
import type { Locale } from '../i18n/index.ts';

/** One approver as the card @mentions them (Teams user id `29:...`, display name). */
export interface ApproverMention {
  id: string;
  name: string;
}

/** `request.thread` as the chat layer writes it. */
export interface ApprovalThread {
  /** Conversation reference (JSON) of the conversation/thread that holds the approval card. */
  reference: Partial<ConversationReference>;
  /** Conversation id of that thread. */
  conversationId: string;
  /** Activity id of the approval card (known once it was posted). */
  cardActivityId?: string;
  /** Language of the cards in that thread. */
  locale: Locale;
  /** Conversation the request was made from, when it differs (a personal chat). */
  originConversationId?: string;
  /** The preflight report and pools the approval card shows (so it can be rebuilt per user). */
  report: PreflightReport;
  pools: ApprovalPool[];
  approverMentions?: ApproverMention[];
  /** Teams user ids whose clients refresh to the actionable view. */
  refreshUserIds?: string[];
  /** The plan step the request was made for (bot/plans/ reads it when the migration ends). */
  plan?: { planId: string; step: number };
}

const threadSchema = z.object({
  reference: z.record(z.string(), z.unknown()),
  conversationId: z.string().min(1),
  cardActivityId: z.string().optional(),
  locale: z.enum(['en', 'ja']),
  originConversationId: z.string().optional(),
  report: z.object({ verdict: z.string(), findings: z.array(z.unknown()) }).passthrough(),
  pools: z.array(z.object({ name: z.string(), count: z.number(), maxSurge: z.union([z.string(), z.number(), z.null()]) })),
  approverMentions: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  refreshUserIds: z.array(z.string()).optional(),
});

/** The request's chat data, or undefined when it is missing or not ours (e.g. written by a test). */
export function readThread(request: Pick<ApprovalRequest, 'thread'>): ApprovalThread | undefined {
  const parsed = threadSchema.safeParse(request.thread);
  // zod checked the shape of every field the chat layer reads; the report is stored as the engine wrote it.
  return parsed.success ? (parsed.data as unknown as ApprovalThread) : undefined;
}

/** The conversation id without a channel thread's `;messageid=` suffix. */
export function baseConversationId(id: string): string {
  return id.split(';')[0];
}
