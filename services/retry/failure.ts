// The one reading of a failed call, for everyone (ARM, Kubernetes, Teams, storage): HTTP status,
// the service's error code, message, Retry-After and network error code, from a @azure RestError,
// a client-node ApiException, a Bot Connector error or a fetch/socket error. Also the one rule of
// which failures are worth another try. (What a user is told is elsewhere: azure/failures.ts,
// kubernetes/failures.ts, migration/friendly-errors.ts.)

/** The facts about a failed call that decide whether and when to retry, and what to log. */
export interface FailureInfo {
  /** HTTP status, when the server answered. */
  status?: number;
  /** The service's error code when it answered (ARM `SubscriptionNotFound`, `Conflict`, ...). */
  code?: string;
  /** Seconds from a Retry-After header, when present. */
  retryAfterSeconds?: number;
  /** Network error code (ECONNREFUSED, ECONNRESET, ...), when the call did not reach a server. */
  networkCode?: string;
  message: string;
}

/** Socket-level failures another try may get past. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN',
  'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNABORTED']);

/** True when another try may succeed: 408, 429, 5xx (not 501/505), or a transient network error.
 * Never another 4xx: a 409/412 on a write is an answer, not a glitch. */
export function isRetryable(f: FailureInfo): boolean {
  if (f.status !== undefined) return f.status === 408 || f.status === 429 || (f.status >= 500 && f.status !== 501 && f.status !== 505);
  return f.networkCode !== undefined && TRANSIENT_NETWORK.has(f.networkCode);
}

/** A header of a Headers-like object (`get`) or a plain record, case-insensitively. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => string | null | undefined } & Record<string, unknown>;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === wanted) return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
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

/** Seconds to wait from `retry-after-ms` / `x-ms-retry-after-ms` (Azure) or `Retry-After`. */
function retryAfterOf(headers: unknown): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headerValue(headers, name));
    if (headerValue(headers, name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms / 1000;
  }
  return parseRetryAfter(headerValue(headers, 'retry-after'));
}

type ErrorShape = {
  code?: unknown; statusCode?: unknown; status?: unknown; headers?: unknown; message?: unknown;
  response?: { status?: unknown; headers?: unknown }; cause?: { code?: unknown };
};

/** Reads status, code, Retry-After and network code from a RestError, an ApiException
 * (numeric `code`), a Bot Connector error (`statusCode`/`status`/`response.status`) or a socket error. */
export function describeFailure(err: unknown): FailureInfo {
  const e = (err !== null && typeof err === 'object' ? err : {}) as ErrorShape;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const status = [e.statusCode, e.code, e.status, e.response?.status].find((s): s is number => typeof s === 'number');
  const stringCode = typeof e.code === 'string' ? e.code : undefined;
  const netCode = stringCode ?? (typeof e.cause?.code === 'string' ? e.cause.code : undefined);
  const retryAfterSeconds = retryAfterOf(e.headers) ?? retryAfterOf(e.response?.headers);
  return {
    status,
    ...(status !== undefined && stringCode ? { code: stringCode } : {}),
    retryAfterSeconds,
    networkCode: status === undefined ? netCode : undefined,
    message,
  };
}
