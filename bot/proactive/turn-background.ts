// Work a command handler leaves running after its turn (CommandContext.background), e.g. a fleet
// scan with its progress message: posts and updates go to the turn's conversation through the
// adapter's proactive path, retried on throttling; a failure is logged, never thrown.
import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { toAttachment } from '../../cards/types.ts';
import type { CommandContext, Reply, ThreadPoster } from '../commands/types.ts';
import type { Logger } from '../logger.ts';
import { withTeamsRetry } from './teams-retry.ts';

/** The adapter's proactive entry point (CloudAdapter satisfies it). */
interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

function activityOf(reply: Reply): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message };
  if (reply.text) activity.text = reply.text;
  if (reply.card) activity.attachments = [toAttachment(reply.card)];
  return activity;
}

/** The `background` of one turn; `running` holds the work until it ends (for shutdown and tests). */
export function turnBackground(context: TurnContext, deps: { appId: string; logger: Pick<Logger, 'error'>; running: Set<Promise<void>> }): NonNullable<CommandContext['background']> {
  const reference = TurnContext.getConversationReference(context.activity);
  const adapter = context.adapter as unknown as ProactiveAdapter;
  const inConversation = (logic: (ctx: TurnContext) => Promise<void>): Promise<void> =>
    withTeamsRetry(() => adapter.continueConversationAsync(deps.appId, reference, logic));
  const poster: ThreadPoster = {
    post: async (reply) => {
      let id: string | undefined;
      await inConversation(async (ctx) => {
        id = (await ctx.sendActivity(activityOf(reply)))?.id;
      });
      return id;
    },
    update: (activityId, reply) => inConversation(async (ctx) => {
      await ctx.updateActivity({ ...activityOf(reply), id: activityId });
    }),
  };
  return (work) => {
    const running: Promise<void> = work(poster)
      .catch((err: unknown) => {
        deps.logger.error({ err, conversationId: reference.conversation?.id }, 'background work failed');
      })
      .finally(() => deps.running.delete(running));
    deps.running.add(running);
  };
}
