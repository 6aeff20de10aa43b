// Structured JSON logs (pino). Authorization headers, tokens and secrets are redacted.
import { randomBytes } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';
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

/** A pino logger with NetPilot's redaction; `destination` lets tests capture lines. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    { level: opts.level ?? 'info', base: { app: 'netpilot' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    opts.destination,
  );
}

/** An id a user can quote and an operator can find in the logs: the trace id of the current turn
 * when telemetry is on (so it finds the trace too), else a short random id. */
export function newCorrelationId(): string {
  return activeTraceId() ?? randomBytes(6).toString('hex');
}
