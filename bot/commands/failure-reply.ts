// Errors a user can cause or meet (Azure failures, other user errors) as a localised answer:
// what happened and what to do. Everything else is a bug and goes on to the turn's error handler.
import { UserError } from '../../services/cluster/errors.ts';
import { AzureFailure, describeAzureFailure, isAzureCallError } from '../../services/azure/failures.ts';
import { messages } from '../i18n/index.ts';
import type { CommandContext, CommandHandler, Reply } from './types.ts';

/** The error card for `err`, or undefined when it is not an error a user should see (rethrow it). */
export function failureReply(ctx: Pick<CommandContext, 'locale' | 'services'>, err: unknown, clusterName?: string): Reply | undefined {
  const m = messages(ctx.locale);
  if (err instanceof AzureFailure || (!(err instanceof UserError) && isAzureCallError(err))) {
    const f = describeAzureFailure(err).facts;
    return { card: ctx.services.cards.error({ title: m.azureFailureTitle(f), message: m.azureFailureMessage(f), hint: m.azureFailureHint(f), locale: ctx.locale }) };
  }
  if (err instanceof UserError) {
    return {
      card: ctx.services.cards.error({
        title: clusterName ? m.clusterReadErrorTitle : m.errorTitle,
        message: clusterName ? m.clusterReadError(clusterName, err.message) : err.message,
        hint: err.hint ?? m.clusterReadHint,
        locale: ctx.locale,
      }),
    };
  }
  return undefined;
}

/** Wraps a handler so that a user-facing error thrown anywhere in it is answered, never "something went wrong". */
export function withFailureReplies(handler: CommandHandler): CommandHandler {
  return {
    ...handler,
    async handle(ctx) {
      try {
        return await handler.handle(ctx);
      } catch (err) {
        const reply = failureReply(ctx, err);
        if (!reply) throw err;
        return reply;
      }
    },
  };
}
