// Bounded retries for idempotent reads: honours 429 Retry-After, backs off on 5xx and transient
// network errors, gives up after `attempts`. Never used for writes (a PUT must not be repeated).
import { setTimeout as sleepMs } from 'node:timers/promises';

/** Settings of `withRetry`; `sleep` is injectable so tests do not wait. */
export interface RetryOptions {
  /** Total tries including the first (default 4). */
  attempts?: number;
  /** First backoff in ms for errors without Retry-After (default 250, doubled each time). */
  baseDelayMs?: number;
  /** Longest single wait in ms, Retry-After included (default 30 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait (for logging). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** The facts about a failed call that decide whether and when to retry. */
export interface FailureInfo {
  /** HTTP status, when the server answered. */
  status?: number;
  /** Seconds from a Retry-After header, when present. */
  retryAfterSeconds?: number;
  /** Network error code (ECONNREFUSED, ECONNRESET, ...), when the call did not reach a server. */
  networkCode?: string;
  message: string;
}

const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** True when another try may succeed: 408, 429, 5xx, or a transient network error. */
export function isRetryable(f: FailureInfo): boolean {
  if (f.status !== undefined) return f.status === 408 || f.status === 429 || f.status >= 500;
  return f.networkCode !== undefined && TRANSIENT_NETWORK.has(f.networkCode);
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => string | null | undefined } & Record<string, unknown>;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
  return undefined;
}

/** Parses Retry-After: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** Reads status, Retry-After and network code from a client-node ApiException, a RestError or a fetch error. */
export function describeFailure(err: unknown): FailureInfo {
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; headers?: unknown; response?: { headers?: unknown }; message?: unknown; cause?: { code?: unknown }; errno?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.code === 'number' ? e.code : undefined;
  const netCode = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const retryAfter = parseRetryAfter(header(e.headers, 'retry-after') ?? header(e.response?.headers, 'retry-after'));
  return { status, retryAfterSeconds: retryAfter, networkCode: status === undefined ? netCode : undefined, message };
}

/** Runs `fn`, retrying retryable failures up to `attempts` tries in all; rethrows the last error. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => sleepMs(ms).then(() => undefined));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const f = describeFailure(err);
      if (attempt >= attempts || !isRetryable(f)) throw err;
      const backoff = base * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
      const delayMs = Math.min(max, f.retryAfterSeconds !== undefined ? f.retryAfterSeconds * 1000 : backoff);
      options.onRetry?.({ attempt, delayMs, reason: f.status !== undefined ? `HTTP ${f.status}` : f.networkCode ?? f.message });
      await sleep(delayMs);
    }
  }
}
