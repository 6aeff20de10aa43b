// Bounded retries of one Teams (Bot Connector) call on 429/412/502/504 with exponential backoff,
// full jitter and Retry-After honoured (local-testing.md "Limits to respect").
import { describeFailure } from '../../services/kubernetes/retry.ts';
import { countTeamsRetry } from '../../services/telemetry/instruments.ts';

/** Connector statuses worth retrying: throttled, precondition (concurrent update), gateway errors. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 504]);

/** Retry tuning; defaults: 5 attempts, 1 s base, 30 s cap. */
export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** 0..1, injected so tests are deterministic. */
  random?: () => number;
  /** Called before each wait (for logs). */
  onRetry?: (info: { attempt: number; status: number; waitMs: number }) => void;
}

/** HTTP status and Retry-After (seconds) of a connector error, when it carries them. */
export function connectorErrorInfo(err: unknown): { status?: number; retryAfterSeconds?: number } {
  const f = describeFailure(err);
  const alt = (err as { status?: unknown; response?: { status?: unknown } } | undefined);
  const raw = f.status ?? alt?.status ?? alt?.response?.status;
  const status = typeof raw === 'number' ? raw : undefined;
  return { ...(status !== undefined ? { status } : {}), ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}) };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `call`; retries retryable connector failures (bounded), rethrows anything else or the last failure. */
export async function withTeamsRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      const { status, retryAfterSeconds } = connectorErrorInfo(err);
      if (status === undefined || !RETRY_STATUSES.has(status) || attempt >= attempts) throw err;
      const backoff = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + random() * (backoff / 2);
      const waitMs = Math.round(Math.max(jittered, (retryAfterSeconds ?? 0) * 1000));
      countTeamsRetry(status);
      options.onRetry?.({ attempt, status, waitMs });
      await sleep(waitMs);
    }
  }
}
