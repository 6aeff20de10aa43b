// The span of one chat turn and the correlation id users see: with telemetry on, the correlation id
// of a turn is its trace id (an operator pastes it into Application Insights); off, callers fall back
// to a random id. Turn attributes are what was asked (intent, card verb), never the message text.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracer } from './instruments.ts';

/** Attributes a turn may carry: only these keys exist, so no free text can slip in. */
export interface TurnAttributes {
  /** Command intent (`check`, `request`, ...), or `unknown`. */
  command?: string;
  /** Card action verb. */
  verb?: string;
  activityType?: string;
  channelId?: string;
  conversationType?: string;
  locale?: string;
}

const KEYS: Record<keyof TurnAttributes, string> = {
  command: 'netpilot.command', verb: 'netpilot.verb', activityType: 'netpilot.activity.type', channelId: 'netpilot.channel',
  conversationType: 'netpilot.conversation.type', locale: 'netpilot.locale',
};

/** Runs `fn` as the active `turn` span; `status` of its result is recorded (HTTP status of the answer). */
export function inTurnSpan<T>(fn: () => Promise<T>, status: (result: T) => number): Promise<T> {
  return tracer().startActiveSpan('turn', { kind: SpanKind.SERVER }, async (span) => {
    try {
      const result = await fn();
      const code = status(result);
      span.setAttribute('http.response.status_code', code);
      if (code >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    } catch (err) {
      span.setAttribute('error.type', (err as Error)?.name ?? 'Error');
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Adds what the turn is about to the active turn span (no-op without one). */
export function markTurn(attrs: TurnAttributes): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  for (const [k, v] of Object.entries(attrs)) if (typeof v === 'string' && v) span.setAttribute(KEYS[k as keyof TurnAttributes], v.slice(0, 64));
}

/** The trace id of the active span, when telemetry records one. */
export function activeTraceId(): string | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}
