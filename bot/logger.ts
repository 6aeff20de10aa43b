// Structured JSON logs (pino), created only here. Authorization headers, tokens and secrets are
// redacted. Errors are logged as `{ err }` everywhere: the one serializer below keeps type, message,
// stack (with causes), status, code, Retry-After and network code (services/retry describeFailure),
// and drops what may carry secrets (a RestError's request/response, headers, client config).
import { randomBytes } from 'node:crypto';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { describeFailure } from '../services/retry/failure.ts';
import { activeTraceId } from '../services/telemetry/turn.ts';

export type { Logger } from 'pino';

/** Paths pino censors wherever they appear in a log record. */
export const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
  'password',
  '*.password',
  'appPassword',
  '*.appPassword',
  '*.*.appPassword',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
];

/** Error fields that may carry credentials (request headers, client options): never logged. */
const SECRET_CARRIERS = new Set(['request', 'response', 'headers', 'config', 'options', 'req', 'res', '_response', 'raw']);
/** Field names whose values are secrets wherever they appear in an error. */
const SECRET_FIELDS = /^(authorization|token|access_?token|password|appPassword|MicrosoftAppPassword|client_?secret)$/i;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
/** A JWT quoted bare (three base64url parts, header starting `{"`). */
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted]');
  if (!value || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_CARRIERS.has(k)) continue;
    out[k] = SECRET_FIELDS.test(k) ? '[redacted]' : scrub(v, depth + 1);
  }
  return out;
}

/** The one error serializer (pino `err`): pino's standard one, plus the failure facts, minus secrets. */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrub(err, 0) : err;
  const base = scrub({ ...stdSerializers.err(err) }, 0) as Record<string, unknown>;
  const f = describeFailure(err);
  return {
    ...base,
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.code !== undefined ? { code: f.code } : {}),
    ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}),
    ...(f.networkCode !== undefined ? { networkCode: f.networkCode } : {}),
  };
}

/** A pino logger with NetPilot's redaction and error serializer; `destination` lets tests capture lines. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info', base: { app: 'netpilot' },
      serializers: { err: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    opts.destination,
  );
}

/** An id a user can quote and an operator can find in the logs: the trace id of the current turn
 * when telemetry is on (so it finds the trace too), else a short random id. */
export function newCorrelationId(): string {
  return activeTraceId() ?? randomBytes(6).toString('hex');
}
