import { describe, expect, it } from 'vitest';
import { describeFailure, isRetryable, parseRetryAfter, withRetry } from '../../../services/kubernetes/retry.ts';
import { unavailableReason } from '../../../services/kubernetes/reader.ts';

/** An error shaped like client-node's ApiException. */
const apiError = (code: number, headers: Record<string, string> = {}, body: unknown = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, headers, body });
/** An error shaped like a node-fetch network failure. */
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => { waits.push(ms); } };
}

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

  it('backs off exponentially on 5xx and transient network errors', async () => {
    const r = recorder();
    const errors = [apiError(503), netError('ECONNRESET'), apiError(500)];
    let calls = 0;
    await withRetry(async () => {
      if (calls < errors.length) throw errors[calls++];
      return 1;
    }, { sleep: r.sleep, baseDelayMs: 100, attempts: 4 });
    expect(r.waits).toHaveLength(3);
    // 100, 200, 400 with +-20% jitter.
    [100, 200, 400].forEach((base, i) => {
      expect(r.waits[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(r.waits[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('gives up after the bound and rethrows the last error', async () => {
    const r = recorder();
    let calls = 0;
    const err = apiError(429, { 'retry-after': '1' });
    await expect(withRetry(async () => { calls++; throw err; }, { sleep: r.sleep, attempts: 3 })).rejects.toBe(err);
    expect(calls).toBe(3);
    expect(r.waits).toEqual([1000, 1000]);
  });

  it('never retries 4xx other than 408/429', async () => {
    for (const code of [400, 401, 403, 404, 409, 412]) {
      let calls = 0;
      await expect(withRetry(async () => { calls++; throw apiError(code); }, { sleep: async () => {} })).rejects.toThrow();
      expect(calls, String(code)).toBe(1);
    }
  });

  it('caps a long Retry-After at maxDelayMs', async () => {
    const r = recorder();
    let calls = 0;
    await withRetry(async () => { if (calls++ === 0) throw apiError(429, { 'retry-after': '3600' }); return 0; }, { sleep: r.sleep, maxDelayMs: 5000 });
    expect(r.waits).toEqual([5000]);
  });
});

describe('failure description', () => {
  it('reads status, Retry-After (seconds or HTTP date) and network codes', () => {
    expect(describeFailure(apiError(429, { 'Retry-After': '7' }))).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    expect(describeFailure({ statusCode: 503, message: 'x', response: { headers: { get: (n: string) => (n === 'retry-after' ? '3' : undefined) } } }))
      .toMatchObject({ status: 503, retryAfterSeconds: 3 });
    expect(describeFailure(netError('ECONNREFUSED'))).toMatchObject({ status: undefined, networkCode: 'ECONNREFUSED' });
    expect(describeFailure(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } })).networkCode).toBe('ECONNRESET');
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(isRetryable({ networkCode: 'ECONNREFUSED', message: '' })).toBe(true);
    expect(isRetryable({ networkCode: 'CERT_HAS_EXPIRED', message: '' })).toBe(false);
  });

  it('explains 403, 429 and unreachable reads for the unavailable list', () => {
    const forbidden = apiError(403, {}, JSON.stringify({ kind: 'Status', message: 'nodes is forbidden: User "x" cannot list resource "nodes"' }));
    expect(unavailableReason(forbidden, 'Kubernetes nodes')).toMatch(/^Kubernetes nodes: forbidden \(403\): nodes is forbidden: .*Grant NetPilot's identity/);
    expect(unavailableReason(apiError(429), 'Kubernetes nodes')).toMatch(/throttled \(429\) after retries/);
    expect(unavailableReason(netError('ECONNREFUSED'), 'Kubernetes nodes')).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(unavailableReason(apiError(500, {}, { message: 'boom' }), 'x')).toBe('x: HTTP 500: boom');
  });
});
