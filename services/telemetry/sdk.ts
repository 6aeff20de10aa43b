// Starts the OpenTelemetry Node SDK for the bot: Azure Monitor when an Application Insights
// connection string is configured, console or OTLP (the SDK's standard OTEL_* settings) when asked,
// nothing otherwise (the default, and tests). Tests inject their own exporter and reader.
import { NodeSDK, metrics as sdkMetrics, resources, tracing } from '@opentelemetry/sdk-node';
import type { NetPilotConfig } from '../config.ts';

/** A started SDK; `shutdown` flushes and stops it (safe to call twice). */
export interface Telemetry {
  exporter: NetPilotConfig['telemetry']['exporter'] | 'injected';
  shutdown(): Promise<void>;
}

/** What tests inject instead of a configured exporter. */
export interface TelemetryOverrides {
  spanExporter?: tracing.SpanExporter;
  metricReader?: sdkMetrics.MetricReader;
}

const OFF: Telemetry = { exporter: 'off', shutdown: async () => undefined };

/** Starts telemetry per `settings` (or with the injected exporter/reader); `off` starts nothing. */
export async function startTelemetry(settings: NetPilotConfig['telemetry'], o: { instance?: string } & TelemetryOverrides = {}): Promise<Telemetry> {
  const injected = o.spanExporter !== undefined || o.metricReader !== undefined;
  if (settings.exporter === 'off' && !injected) return OFF;
  const resource = resources.resourceFromAttributes({ 'service.name': 'netpilot', ...(o.instance ? { 'service.instance.id': o.instance } : {}) });
  let spanProcessors: tracing.SpanProcessor[] | undefined;
  let metricReader: sdkMetrics.MetricReader | undefined;
  if (injected) {
    spanProcessors = o.spanExporter ? [new tracing.SimpleSpanProcessor(o.spanExporter)] : [];
    metricReader = o.metricReader;
  } else if (settings.exporter === 'console') {
    spanProcessors = [new tracing.BatchSpanProcessor(new tracing.ConsoleSpanExporter())];
    metricReader = new sdkMetrics.PeriodicExportingMetricReader({ exporter: new sdkMetrics.ConsoleMetricExporter(), exportIntervalMillis: 60_000 });
  } else if (settings.exporter === 'azure-monitor') {
    const { AzureMonitorTraceExporter, AzureMonitorMetricExporter } = await import('@azure/monitor-opentelemetry-exporter');
    const connectionString = settings.connectionString;
    spanProcessors = [new tracing.BatchSpanProcessor(new AzureMonitorTraceExporter({ connectionString }))];
    metricReader = new sdkMetrics.PeriodicExportingMetricReader({ exporter: new AzureMonitorMetricExporter({ connectionString }), exportIntervalMillis: 60_000 });
  }
  // otlp: no processors or reader given, so the SDK builds its OTLP exporters from OTEL_EXPORTER_OTLP_*.
  const sdk = new NodeSDK({
    resource, instrumentations: [], autoDetectResources: false,
    ...(spanProcessors ? { spanProcessors } : {}),
    ...(metricReader ? { metricReader } : {}),
  });
  sdk.start();
  let done: Promise<void> | undefined;
  return { exporter: injected ? 'injected' : settings.exporter, shutdown: () => (done ??= sdk.shutdown()) };
}
