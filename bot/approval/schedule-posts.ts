// What the scheduler says in a request's thread: that a scheduled start is being sent now, or why it
// did not happen (with the fresh preflight card when the preflight found something), and the
// approval card then shows the request as withdrawn.
import type { ConversationReference } from 'botbuilder';
import { toAttachment } from '../../cards/types.ts';
import type { ApprovalRequest } from '../../services/approval/types.ts';
import type { PreflightResult } from '../../services/approval/service.ts';
import type { NotStartedReason } from '../../services/schedule/scheduler.ts';
import { scheduleText, selectKey } from '../../i18n/schedule.ts';
import type { Logger } from '../logger.ts';
import type { CardKit } from '../ports.ts';
import type { ProactiveAdapter } from './approval-cards.ts';
import { parseThreadInfo, postReference } from '../proactive/thread.ts';
import { withTeamsRetry } from '../proactive/teams-retry.ts';

/** The scheduler's callbacks that post into the thread. */
export interface ScheduleNotices {
  onStarting(request: ApprovalRequest): Promise<void>;
  onNotStarted(request: ApprovalRequest, reason: NotStartedReason, preflight?: PreflightResult): Promise<void>;
}

/** Builds the notices over the bot's adapter; `showDecision` updates the approval card. */
export function createScheduleNotices(deps: {
  adapter: () => ProactiveAdapter;
  appId: string;
  cards: CardKit;
  logger: Logger;
  showDecision: (request: ApprovalRequest) => Promise<void>;
}): ScheduleNotices {
  const post = async (request: ApprovalRequest, activity: Record<string, unknown>): Promise<void> => {
    const thread = parseThreadInfo(request.thread);
    if (!thread) {
      deps.logger.warn({ requestId: request.id }, 'scheduled request has no thread to post in');
      return;
    }
    await withTeamsRetry(() => deps.adapter().continueConversationAsync(deps.appId, postReference(thread) as Partial<ConversationReference>, async (ctx) => {
      await ctx.sendActivity(activity);
    }));
  };
  const target = (request: ApprovalRequest, lang: 'en' | 'ja') => scheduleText(lang, 'target', { target: request.target });
  return {
    async onStarting(request) {
      const lang = parseThreadInfo(request.thread)?.locale ?? 'en';
      await post(request, { type: 'message', text: scheduleText(lang, 'thread.starting', { cluster: request.cluster.name, target: target(request, lang) }) });
    },
    async onNotStarted(request, reason, preflight) {
      const lang = parseThreadInfo(request.thread)?.locale ?? 'en';
      const text = scheduleText(lang, 'thread.not-started', { cluster: request.cluster.name, target: target(request, lang), reason: selectKey(reason) });
      const card = preflight && (reason === 'new-blocker' || reason === 'cluster-changed')
        ? deps.cards.preflight({ reports: [preflight.report], locale: lang }) : undefined;
      await post(request, { type: 'message', text, ...(card ? { attachments: [toAttachment(card)] } : {}) });
      await deps.showDecision(request);
    },
  };
}
