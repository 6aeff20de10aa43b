// Teams (Bot Connector) calls through the one retry helper (services/retry): the connector's own
// transient statuses 429/412/502/504 (local-testing.md "Limits to respect", Teams rate-limiting
// guidance), Retry-After honoured, exponential backoff with jitter, bounded. Nothing else is retried:
// a 500 or a dropped socket may have posted the message already.
import type { FailureInfo } from '../../services/retry/failure.ts';
import { withRetry, type RetryInfo, type RetryOptions } from '../../services/retry/retry.ts';
import { countTeamsRetry } from '../../services/telemetry/instruments.ts';

/** Connector statuses worth retrying: throttled, precondition (concurrent update), gateway errors. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 504]);

/** The Teams rule for `withRetry`'s `retryable`. */
export const isTeamsRetryable = (f: FailureInfo): boolean => f.status !== undefined && RETRY_STATUSES.has(f.status);

/** Retry tuning of Teams calls; defaults: 5 attempts, 1 s base, 30 s cap. */
export type TeamsRetryOptions = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep' | 'random' | 'signal'>
  & { onRetry?: (info: RetryInfo) => void };

/** Runs `call`; retries retryable connector failures (bounded), rethrows anything else or the last failure. */
export function withTeamsRetry<T>(call: () => Promise<T>, options: TeamsRetryOptions = {}): Promise<T> {
  return withRetry(call, {
    attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, ...options,
    retryable: isTeamsRetryable,
    onRetry: (info) => {
      countTeamsRetry(info.failure.status ?? 0);
      options.onRetry?.(info);
    },
  });
}
