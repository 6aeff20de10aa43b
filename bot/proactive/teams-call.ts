// One Teams call in a conversation (a proactive turn), retried on throttling and transient failures.
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../logger.ts';
import { withTeamsRetry, type TeamsRetryOptions } from './teams-retry.ts';

/** What a Teams call needs. */
export interface TeamsCallDeps {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** `MicrosoftAppId`, or '' when inbound auth is off (demo). */
  appId: string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Retry tuning of each Teams call (default: 5 attempts, 1 s base, 30 s cap). */
  retry?: Pick<TeamsRetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
}

/** One Teams call in a conversation, retried; errors thrown by `logic` come back to the caller. */
export type TeamsCall = <T>(reference: Record<string, unknown>, what: string, logic: (ctx: TurnContext) => Promise<T>) => Promise<T>;

export function teamsCaller(deps: TeamsCallDeps, logger: Logger): TeamsCall {
  return async <T>(reference: Record<string, unknown>, what: string, logic: (ctx: TurnContext) => Promise<T>): Promise<T> =>
    withTeamsRetry(async () => {
      let result: { ok: true; value: T } | { ok: false; err: unknown } | undefined;
      await deps.adapter.continueConversationAsync(deps.appId, reference as Partial<ConversationReference>, async (ctx) => {
        try {
          result = { ok: true, value: await logic(ctx) };
        } catch (err) {
          result = { ok: false, err };
        }
      });
      if (!result) throw new Error(`${what}: the turn did not run`);
      if (!result.ok) throw result.err;
      return result.value;
    }, {
      ...deps.retry,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
      onRetry: (r) => logger.warn({ what, attempt: r.attempt, status: r.failure.status, waitMs: r.delayMs }, 'Teams call throttled or failed; retrying'),
    });
}
