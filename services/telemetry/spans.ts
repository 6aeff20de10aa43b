// Spans around outbound calls: one per Azure request attempt (a pipeline policy, see
// azure-policy.ts) and one per Kubernetes call (kubernetes/client.ts `timed`). Each records the HTTP
// status and whether the call was throttled (429); failures mark the span as an error.
import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { describeFailure } from '../retry/failure.ts';
import { tracer } from './instruments.ts';

/** Runs `call` in a client span named `name`; `status` gives the HTTP status of a success. */
export async function clientSpan<T>(name: string, attributes: Attributes, call: () => Promise<T>, status?: (result: T) => number | undefined): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      const result = await call();
      const code = status?.(result);
      if (code !== undefined) {
        span.setAttribute('http.response.status_code', code);
        span.setAttribute('netpilot.throttled', code === 429);
        if (code >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return result;
    } catch (err) {
      const code = describeFailure(err).status;
      if (code !== undefined) span.setAttribute('http.response.status_code', code);
      span.setAttribute('netpilot.throttled', code === 429);
      // The error's class only: messages may quote a server's answer.
      span.setAttribute('error.type', code !== undefined ? String(code) : (err as Error)?.name ?? 'Error');
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
