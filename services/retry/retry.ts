// The one retry helper (on p-retry): bounded tries, only for failures worth another try
// (failure.ts `isRetryable` by default: 408, 429, 5xx, transient network errors; never a 409/412),
// Retry-After honoured up to a cap, otherwise exponential backoff with jitter; an AbortSignal and
// an optional deadline stop the waiting. Used for Kubernetes reads, ARM reads made outside the SDK
// pipeline's retry (cluster directory), and Teams sends; the ARM SDK pipelines use the same rules
// through azure/retry-strategy.ts. Never wrap a write whose repetition is not safe.
import pRetry from 'p-retry';
import { describeFailure, isRetryable, type FailureInfo } from './failure.ts';

/** Settings of `withRetry`. */
export interface RetryOptions {
  /** Total tries including the first (default 4). */
  attempts?: number;
  /** First backoff in ms for failures without Retry-After (default 250, doubled each try). */
  baseDelayMs?: number;
  /** Longest single wait in ms, Retry-After included (default 30 s). */
  maxDelayMs?: number;
  /** Which failures are retried (default `isRetryable`). */
  retryable?: (failure: FailureInfo) => boolean;
  /** Epoch ms: a wait that would end later than this (less 500 ms) is not waited; the failure is thrown. */
  deadline?: number;
  /** Stops the waiting (and further tries); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Waits `ms` (default a timer; tests inject one that records and returns at once). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 0..1 for the jitter (default Math.random; tests inject a constant). */
  random?: () => number;
  /** Called before each wait (for logs and counters). */
  onRetry?: (info: RetryInfo) => void;
}

/** What `onRetry` is told: the failed try (1-based), the wait, and the failure. */
export interface RetryInfo {
  attempt: number;
  delayMs: number;
  failure: FailureInfo;
  /** `HTTP 429`, `ECONNRESET` or the message. */
  reason: string;
}

/** The wait after failed try `attempt` (1-based): Retry-After when given, else `base * 2^(attempt-1)`
 * with equal jitter (50-100 %); never more than `maxDelayMs`. */
export function retryDelayMs(failure: FailureInfo, attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {}): number {
  const max = options.maxDelayMs ?? 30_000;
  if (failure.retryAfterSeconds !== undefined) return Math.min(max, Math.round(failure.retryAfterSeconds * 1000));
  const backoff = Math.min(max, (options.baseDelayMs ?? 250) * 2 ** (attempt - 1));
  return Math.round(backoff / 2 + (options.random ?? Math.random)() * (backoff / 2));
}

/** `HTTP 429`, a network code, or the message: a short reason for logs. */
export function failureReason(f: FailureInfo): string {
  return f.status !== undefined ? `HTTP ${f.status}` : f.networkCode ?? f.message;
}

function timer(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason as Error); return; }
    const onAbort = () => { clearTimeout(t); reject(signal?.reason as Error); };
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `fn` (given the 1-based try number), retrying retryable failures up to `attempts` tries in
 * all; rethrows the last failure, or at once one that is not retryable. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const retryable = options.retryable ?? isRetryable;
  const sleep = options.sleep ?? timer;
  return pRetry(fn, {
    retries: attempts - 1,
    // p-retry's own wait is off: the wait depends on the failure (Retry-After), so shouldRetry sleeps.
    minTimeout: 0,
    maxTimeout: 0,
    ...(options.signal ? { signal: options.signal } : {}),
    shouldRetry: async ({ error, attemptNumber }) => {
      const failure = describeFailure(error);
      if (!retryable(failure)) return false;
      const delayMs = retryDelayMs(failure, attemptNumber, options);
      if (options.deadline !== undefined && Date.now() + delayMs >= options.deadline - 500) return false;
      options.onRetry?.({ attempt: attemptNumber, delayMs, failure, reason: failureReason(failure) });
      await sleep(delayMs, options.signal);
      return true;
    },
  });
}
