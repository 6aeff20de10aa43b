// A core-rest-pipeline policy that opens one client span per Azure request attempt (perRetry), with
// the method, host, resource type (never resource names, query strings or headers), HTTP status and
// throttled flag. Added to every ARM client in azure/clients.ts.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { clientSpan } from './spans.ts';

/** `Microsoft.ContainerService/managedClusters[/agentPools]` of an ARM path, or the first segment. */
export function resourceTypeOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  const p = parts.findIndex((s) => s.toLowerCase() === 'providers');
  if (p < 0) return parts[0]?.toLowerCase() === 'subscriptions' ? (parts.length > 2 ? parts[2] : 'subscriptions') : parts[0] ?? '';
  const type = [parts[p + 1]];
  for (let i = p + 2; i < parts.length; i += 2) type.push(parts[i]);
  return type.filter(Boolean).join('/');
}

/** The telemetry policy (no-op cost when the SDK is off: the API hands out non-recording spans). */
export const telemetryPolicy: PipelinePolicy = {
  name: 'netpilotTelemetry',
  sendRequest: (request, next) => {
    const url = new URL(request.url);
    const type = resourceTypeOf(url.pathname);
    return clientSpan(`azure ${request.method} ${type}`, {
      'http.request.method': request.method, 'server.address': url.hostname, 'azure.resource_type': type,
    }, () => next(request), (response) => response.status);
  },
};
