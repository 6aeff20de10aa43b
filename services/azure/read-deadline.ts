// A time budget for ARM reads made on behalf of a waiting user (a chat turn). Inside
// `runWithReadDeadline`, a retryable answer (services/retry `isRetryable`: 429, 503, ...) whose
// Retry-After does not fit the budget fails at once (the pipeline's retry policy, retry-strategy.ts,
// would otherwise wait for it, up to a minute per retry) and is remembered so the caller can say
// when to try again; with `abort`, requests (and the pipeline's waits between retries) are also aborted
// when the budget is spent. Outside it, the policies do nothing.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { isRetryable } from '../retry/failure.ts';
import { responseFailure } from './retry-strategy.ts';

/** The budget of one user-facing read, and the throttling it met. */
export interface ReadDeadline {
  /** Epoch ms after which no Retry-After is waited for (nor, with `abort`, any request). */
  deadline: number;
  /** Abort requests at the deadline too. */
  abort: boolean;
  /** Set when Azure throttled a request and its Retry-After did not fit the budget. */
  throttled?: { status: number; retryAfterSeconds: number };
}

const storage = new AsyncLocalStorage<ReadDeadline>();

/** Runs `fn` with a read budget of `ms`; `fn` gets the context to inspect after a failure. */
export function runWithReadDeadline<T>(ms: number, fn: (ctx: ReadDeadline) => Promise<T>, options: { abort?: boolean } = {}): Promise<T> {
  const ctx: ReadDeadline = { deadline: Date.now() + ms, abort: options.abort ?? true };
  return storage.run(ctx, () => fn(ctx));
}

function abortError(): Error {
  return Object.assign(new Error('the read deadline was reached'), { name: 'AbortError' });
}

/** Per call (before the pipeline's retry policy): aborts the request, and its retry waits, at the deadline. */
export const readDeadlinePolicy: PipelinePolicy = {
  name: 'netpilotReadDeadline',
  async sendRequest(request, next) {
    const ctx = storage.getStore();
    if (!ctx?.abort) return next(request);
    const remaining = ctx.deadline - Date.now();
    if (remaining <= 0) throw abortError();
    const timeout = AbortSignal.timeout(remaining);
    request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal as AbortSignal, timeout]) : timeout;
    return next(request);
  },
};

/** Per retry (after the pipeline's retry policy): a retryable answer whose Retry-After does not fit fails now. */
export const throttleDeadlinePolicy: PipelinePolicy = {
  name: 'netpilotThrottleDeadline',
  async sendRequest(request, next) {
    const response = await next(request);
    const ctx = storage.getStore();
    if (!ctx) return response;
    const failure = responseFailure(response);
    const retryAfter = failure.retryAfterSeconds;
    if (!isRetryable(failure) || retryAfter === undefined || Date.now() + retryAfter * 1000 < ctx.deadline - 500) return response;
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfter));
    ctx.throttled = { status: response.status, retryAfterSeconds };
    // Not a RestError on purpose: the pipeline's retry policy rethrows it instead of waiting.
    throw Object.assign(new Error(`Azure throttled the request (${response.status}); retry after ${retryAfterSeconds} s`), {
      name: 'ThrottledBeyondDeadline', statusCode: response.status, headers: response.headers,
    });
  },
};
