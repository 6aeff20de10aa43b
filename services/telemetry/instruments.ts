// NetPilot's spans and metrics over the OpenTelemetry API (a no-op until sdk.ts starts the SDK, so
// tests and the default configuration pay nothing). Attributes carry ids, states and statuses only:
// never message text, tokens, secrets or URLs with query strings.
import { metrics, trace, type Attributes, type Counter, type Meter, type MeterProvider, type Tracer } from '@opentelemetry/api';

/** Instrumentation scope of every NetPilot span and metric. */
export const SCOPE = 'netpilot';

/** The tracer (resolved per call, so spans follow whichever provider is registered). */
export function tracer(): Tracer {
  return trace.getTracer(SCOPE);
}

interface Counters {
  preflights: Counter;
  leaseTakeovers: Counter;
  teamsRetries: Counter;
}

let cache: { provider: MeterProvider; meter: Meter; counters: Counters } | undefined;

/** The meter and counters of the current global provider (metrics have no proxy provider: a meter
 * taken before the SDK started would stay a no-op forever). */
function current(): { meter: Meter; counters: Counters } {
  const provider = metrics.getMeterProvider();
  if (cache?.provider !== provider) {
    const meter = provider.getMeter(SCOPE);
    cache = {
      provider, meter,
      counters: {
        preflights: meter.createCounter('netpilot.preflights', { description: 'Preflights run, by target and verdict' }),
        leaseTakeovers: meter.createCounter('netpilot.lease.takeovers', { description: 'Running migrations taken over from an instance that stopped' }),
        teamsRetries: meter.createCounter('netpilot.teams.retries', { description: 'Bot Connector calls retried (429/412/502/504)' }),
      },
    };
  }
  return cache;
}

/** Counts one preflight. */
export function countPreflight(attrs: { target: string; verdict: string }): void {
  current().counters.preflights.add(1, { 'netpilot.target': attrs.target, 'netpilot.verdict': attrs.verdict });
}

/** Counts one lease takeover. */
export function countLeaseTakeover(): void {
  current().counters.leaseTakeovers.add(1);
}

/** Counts one retried Teams call. */
export function countTeamsRetry(status: number): void {
  current().counters.teamsRetries.add(1, { 'http.response.status_code': status });
}

/** What the store gauges read (synchronous snapshots). */
export interface GaugeSources {
  /** Number of requests per state. */
  requestsByState(): Record<string, number>;
  runningMigrations(): number;
}

/** Registers the observable gauges `netpilot.requests` (by state) and `netpilot.migrations.running`
 * on the current provider (call after the SDK started); returns a function that unregisters them. */
export function observeGauges(sources: GaugeSources): () => void {
  const { meter } = current();
  const requests = meter.createObservableGauge('netpilot.requests', { description: 'Requests by state' });
  const running = meter.createObservableGauge('netpilot.migrations.running', { description: 'Migrations running now' });
  const callback = (result: { observe(observable: typeof requests, value: number, attrs?: Attributes): void }): void => {
    try {
      for (const [state, n] of Object.entries(sources.requestsByState())) result.observe(requests, n, { 'netpilot.request.state': state });
      result.observe(running, sources.runningMigrations());
    } catch { /* an unreadable store reports nothing this round */ }
  };
  meter.addBatchObservableCallback(callback, [requests, running]);
  return () => meter.removeBatchObservableCallback(callback, [requests, running]);
}

/** A preflight function that counts each report it returns (the preflight itself stays pure). */
export function countingPreflight<A extends unknown[], R extends { target: string; verdict: string }>(run: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    const report = run(...args);
    countPreflight({ target: report.target, verdict: report.verdict });
    return report;
  };
}
