// The one retry helper (services/retry): which failures are retried, how long it waits
// (Retry-After, capped; exponential backoff with jitter), when it gives up, and how a failure is read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestError } from '@azure/core-rest-pipeline';
import { describeFailure, isRetryable, parseRetryAfter } from '../../../services/retry/failure.ts';
import { retryDelayMs, withRetry, type RetryInfo } from '../../../services/retry/retry.ts';

/** An error shaped like client-node's ApiException. */
const apiError = (code: number, headers: Record<string, string> = {}, body: unknown = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, headers, body });
/** An error shaped like a node-fetch network failure. */
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => { waits.push(ms); } };
}

afterEach(() => { vi.useRealTimers(); });

describe('withRetry', () => {
  it('waits Retry-After seconds on 429, then succeeds', async () => {
    const r = recorder();
    let calls = 0;
    const out = await withRetry(async () => {
      calls++;
      if (calls < 3) throw apiError(429, { 'Retry-After': '2' });
      return 'ok';
    }, { sleep: r.sleep });
    expect(out).toBe('ok');
    expect(calls).toBe(3);
    expect(r.waits).toEqual([2000, 2000]);
  });

  it('backs off exponentially with equal jitter on 5xx and transient network errors', async () => {
    const r = recorder();
    const errors = [apiError(503), netError('ECONNRESET'), apiError(500)];
    let calls = 0;
    await withRetry(async () => {
      if (calls < errors.length) throw errors[calls++];
      return 1;
    }, { sleep: r.sleep, baseDelayMs: 100, attempts: 4 });
    expect(r.waits).toHaveLength(3);
    [100, 200, 400].forEach((base, i) => {
      expect(r.waits[i]).toBeGreaterThanOrEqual(base * 0.5);
      expect(r.waits[i]).toBeLessThanOrEqual(base);
    });
    expect(retryDelayMs({ message: '' }, 3, { baseDelayMs: 100, random: () => 0.5 })).toBe(300);
    expect(retryDelayMs({ message: '' }, 10, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 })).toBe(1000);
  });

  it('gives up after the bound and rethrows the last error', async () => {
    const r = recorder();
    let calls = 0;
    const err = apiError(429, { 'retry-after': '1' });
    await expect(withRetry(async () => { calls++; throw err; }, { sleep: r.sleep, attempts: 3 })).rejects.toBe(err);
    expect(calls).toBe(3);
    expect(r.waits).toEqual([1000, 1000]);
  });

  it('never retries 4xx other than 408/429 (a 409 or 412 write is an answer), nor bugs', async () => {
    for (const code of [400, 401, 403, 404, 409, 412, 501]) {
      let calls = 0;
      await expect(withRetry(async () => { calls++; throw apiError(code); }, { sleep: async () => {} })).rejects.toThrow();
      expect(calls, String(code)).toBe(1);
    }
    let calls = 0;
    const conflict = new RestError('Operation is not allowed while the cluster is being updated', { statusCode: 409, code: 'OperationNotAllowed' });
    await expect(withRetry(async () => { calls++; throw conflict; }, { sleep: async () => {} })).rejects.toBe(conflict);
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('undefined is not a function'); }, { sleep: async () => {} })).rejects.toThrow('undefined');
    expect(calls).toBe(1);
  });

  it('caps a long Retry-After at maxDelayMs', async () => {
    const r = recorder();
    let calls = 0;
    await withRetry(async () => { if (calls++ === 0) throw apiError(429, { 'retry-after': '3600' }); return 0; }, { sleep: r.sleep, maxDelayMs: 5000 });
    expect(r.waits).toEqual([5000]);
  });

  it('tells onRetry the try, the wait and the reason; a custom rule replaces the default', async () => {
    const seen: RetryInfo[] = [];
    let calls = 0;
    const out = await withRetry(async (attempt) => {
      calls++;
      if (attempt === 1) throw Object.assign(new Error('precondition'), { statusCode: 412, response: { headers: { 'retry-after': '2' } } });
      return attempt;
    }, { sleep: async () => {}, retryable: (f) => f.status === 412, onRetry: (i) => seen.push(i) });
    expect(out).toBe(2);
    expect(calls).toBe(2);
    expect(seen).toEqual([expect.objectContaining({ attempt: 1, delayMs: 2000, reason: 'HTTP 412' })]);
  });

  it('does not wait past a deadline: the failure is thrown instead', async () => {
    const r = recorder();
    let calls = 0;
    const err = apiError(429, { 'retry-after': '30' });
    await expect(withRetry(async () => { calls++; throw err; }, { sleep: r.sleep, deadline: Date.now() + 5000 })).rejects.toBe(err);
    expect(calls).toBe(1);
    expect(r.waits).toEqual([]);
  });

  it('really waits (fake timers), and an abort ends the wait with the signal reason', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const done = withRetry(async () => { calls++; if (calls === 1) throw apiError(503, { 'retry-after': '10' }); return 'late'; });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toBe('late');
    expect(calls).toBe(2);

    const controller = new AbortController();
    calls = 0;
    const aborted = withRetry(async () => { calls++; throw apiError(503, { 'retry-after': '10' }); }, { signal: controller.signal });
    const outcome = expect(aborted).rejects.toThrow('stop now');
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(new Error('stop now'));
    await outcome;
    expect(calls).toBe(1);
  });
});

describe('describeFailure', () => {
  it('reads status, code, Retry-After (seconds, HTTP date, ms headers) and network codes', () => {
    expect(describeFailure(apiError(429, { 'Retry-After': '7' }))).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    expect(describeFailure({ statusCode: 503, message: 'x', response: { headers: { get: (n: string) => (n === 'retry-after' ? '3' : undefined) } } }))
      .toMatchObject({ status: 503, retryAfterSeconds: 3 });
    expect(describeFailure({ status: 504, message: 'gateway' })).toMatchObject({ status: 504 });
    expect(describeFailure({ message: 'x', response: { status: 502, headers: { 'x-ms-retry-after-ms': '1500' } } })).toMatchObject({ status: 502, retryAfterSeconds: 1.5 });
    expect(describeFailure(new RestError('not found', { statusCode: 404, code: 'SubscriptionNotFound' })))
      .toEqual({ status: 404, code: 'SubscriptionNotFound', retryAfterSeconds: undefined, networkCode: undefined, message: 'not found' });
    expect(describeFailure(netError('ECONNREFUSED'))).toMatchObject({ status: undefined, networkCode: 'ECONNREFUSED' });
    expect(describeFailure(netError('ECONNREFUSED')).code).toBeUndefined();
    expect(describeFailure(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } })).networkCode).toBe('ECONNRESET');
    expect(describeFailure('plain text')).toMatchObject({ message: 'plain text', status: undefined });
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(isRetryable({ networkCode: 'ECONNREFUSED', message: '' })).toBe(true);
    expect(isRetryable({ networkCode: 'CERT_HAS_EXPIRED', message: '' })).toBe(false);
  });
});
