// Telemetry with in-memory exporters: a real turn through the bot server (CloudAdapter over HTTP,
// emulator over HTTPS, Kubernetes reads) gives a turn span with the command and one span per Azure
// and Kubernetes call with status and throttled flag; no attribute carries message text, tokens or
// secrets; the correlation id of a turn is its trace id; the metrics count what happened.
import { RestError } from '@azure/core-rest-pipeline';
import { context, metrics, trace } from '@opentelemetry/api';
import { metrics as sdkMetrics, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCorrelationId } from '../../../bot/logger.ts';
import { AZURITE_ACCOUNT } from '../../../emulator/azurite.ts';
import { countLeaseTakeover, countingPreflight, countTeamsRetry, observeGauges } from '../../../services/telemetry/instruments.ts';
import { startTelemetry, type Telemetry } from '../../../services/telemetry/sdk.ts';
import { clientSpan } from '../../../services/telemetry/spans.ts';
import { inTurnSpan } from '../../../services/telemetry/turn.ts';
import { startHarness, type Harness } from '../../bot/harness.ts';

const spans = new tracing.InMemorySpanExporter();
const metricExporter = new sdkMetrics.InMemoryMetricExporter(sdkMetrics.AggregationTemporality.CUMULATIVE);
const reader = new sdkMetrics.PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
let telemetry: Telemetry;
let harness: Harness;

beforeAll(async () => {
  telemetry = await startTelemetry({ exporter: 'off' }, { spanExporter: spans, metricReader: reader });
  harness = await startHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
  await telemetry?.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
});

const MESSAGE = 'check aks-legacy';

/** Every attribute value of every finished span, as text. */
function attributeValues(): string[] {
  return spans.getFinishedSpans().flatMap((s) => Object.values(s.attributes).map((v) => String(v)));
}

describe('telemetry', () => {
  it('is off by default: nothing is started', async () => {
    expect((await startTelemetry({ exporter: 'off' })).exporter).toBe('off');
  });

  it('a turn: one turn span with the intent; Azure and Kubernetes call spans under it; no text, tokens or secrets', async () => {
    spans.reset();
    const { status, replies } = await harness.say(MESSAGE);
    expect(status).toBe(200);
    expect(replies.length).toBeGreaterThan(0);
    const finished = spans.getFinishedSpans();
    const turns = finished.filter((s) => s.name === 'turn');
    expect(turns).toHaveLength(1);
    const turn = turns[0];
    expect(turn.attributes['netpilot.command']).toBe('preflight');
    expect(turn.attributes['netpilot.activity.type']).toBe('message');
    expect(turn.attributes['http.response.status_code']).toBe(200);

    const traceId = turn.spanContext().traceId;
    const azure = finished.filter((s) => s.name.startsWith('azure '));
    const kube = finished.filter((s) => s.name.startsWith('kubernetes '));
    expect(azure.length).toBeGreaterThan(0);
    expect(kube.length).toBeGreaterThan(0);
    for (const s of [...azure, ...kube]) {
      expect(s.spanContext().traceId).toBe(traceId);
      expect(typeof s.attributes['http.response.status_code']).toBe('number');
      expect(s.attributes['netpilot.throttled']).toBe(s.attributes['http.response.status_code'] === 429);
    }
    expect(azure.some((s) => s.attributes['azure.resource_type'] === 'Microsoft.ContainerService/managedClusters')).toBe(true);
    expect(kube.map((s) => s.name)).toContain('kubernetes list V1Node');

    const values = attributeValues();
    const forbidden = [MESSAGE, 'aks-legacy', 'Bearer', 'eyJ', 'AccountKey', AZURITE_ACCOUNT, 'password', 'secret', '?'];
    for (const bad of forbidden) expect(values.filter((v) => v.includes(bad)), bad).toEqual([]);
    // Span names are fixed texts plus resource types: no message text, no cluster names.
    expect(finished.filter((s) => s.name.includes('aks-legacy'))).toEqual([]);
  }, 60_000);

  it('a card verb that is not registered is recorded as unknown, not as what was sent', async () => {
    spans.reset();
    await harness.post({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'drop table; secret-verb' } },
      from: { id: '29:u', aadObjectId: '00000000-0000-0000-0000-000000000001' }, conversation: { id: 'c-1', conversationType: 'personal' },
      recipient: { id: '28:netpilot-test' }, channelId: 'msteams', serviceUrl: harness.connector.url, id: 'inv-1' } as never);
    const turn = spans.getFinishedSpans().find((s) => s.name === 'turn');
    expect(turn?.attributes['netpilot.verb']).toBe('unknown');
    expect(attributeValues().filter((v) => v.includes('secret-verb'))).toEqual([]);
  }, 30_000);

  it('the correlation id of a turn is its trace id', async () => {
    let inside = '';
    let traceId = '';
    await inTurnSpan(async () => {
      inside = newCorrelationId();
      traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
      return 200;
    }, (s) => s);
    expect(inside).toMatch(/^[0-9a-f]{32}$/);
    expect(inside).toBe(traceId);
    expect(newCorrelationId()).toMatch(/^[0-9a-f]{12}$/); // outside a turn: a short random id
  });

  it('a throttled call is flagged with its status', async () => {
    spans.reset();
    await expect(clientSpan('azure GET x', {}, async () => { throw new RestError('too many', { statusCode: 429 }); })).rejects.toThrow('too many');
    const [s] = spans.getFinishedSpans();
    expect(s.attributes).toMatchObject({ 'http.response.status_code': 429, 'netpilot.throttled': true, 'error.type': '429' });
  });

  it('metrics: preflights, requests by state, running migrations, lease takeovers, Teams retries', async () => {
    const preflight = countingPreflight((_s: unknown, target: string) => ({ target, verdict: 'ready' }));
    preflight({}, 'overlay');
    preflight({}, 'overlay');
    countLeaseTakeover();
    countTeamsRetry(429);
    const unobserve = observeGauges({ requestsByState: () => ({ pending: 2, running: 1 }), runningMigrations: () => 1 });
    await reader.forceFlush();
    unobserve();
    const points = new Map<string, { attributes: Record<string, unknown>; value: unknown }[]>();
    for (const rm of metricExporter.getMetrics()) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) {
      points.set(m.descriptor.name, m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })));
    }
    expect(points.get('netpilot.preflights')).toContainEqual({ attributes: { 'netpilot.target': 'overlay', 'netpilot.verdict': 'ready' }, value: 2 });
    expect(points.get('netpilot.lease.takeovers')).toEqual([{ attributes: {}, value: 1 }]);
    expect(points.get('netpilot.teams.retries')).toEqual([{ attributes: { 'http.response.status_code': 429 }, value: 1 }]);
    expect(points.get('netpilot.requests')).toEqual(expect.arrayContaining([
      { attributes: { 'netpilot.request.state': 'pending' }, value: 2 }, { attributes: { 'netpilot.request.state': 'running' }, value: 1 }]));
    expect(points.get('netpilot.migrations.running')).toEqual([{ attributes: {}, value: 1 }]);
  });
});
