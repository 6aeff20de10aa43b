// Builds the ReadinessPort from what the composition root has (backend, config, store, clock):
// the single-flight fleet scanner over the live clients, the page memory and the digest store.
import type { Backend } from '../../services/azure/backend.ts';
import type { LogSink } from '../../services/azure/cluster-directory.ts';
import type { NetPilotConfig } from '../../services/config.ts';
import { scanFleet } from '../../services/planning/fleet-scan.ts';
import { singleFlightScanner, type ReadinessScanner } from '../../services/planning/readiness-scanner.ts';
import type { DigestStore } from '../../services/store/types.ts';
import type { ReadinessPort } from '../ports.ts';
import { createReadinessPages } from './pages.ts';

/** Inputs of createReadinessPort. */
export interface ReadinessPortDeps {
  backend: Pick<Backend, 'clients' | 'directory'>;
  config: Pick<NetPilotConfig, 'subscriptionIds' | 'digest'>;
  digests: () => DigestStore | undefined;
  now: () => Date;
  logger?: LogSink & { error(obj: object, msg?: string): void };
  /** Clusters read at once (default: the scan's own default). */
  concurrency?: number;
  progressIntervalMs?: number;
  maxPageSize?: number;
}

/** The fleet scanner over the configured subscriptions (all the identity sees when none are configured). */
export function fleetScanner(deps: Pick<ReadinessPortDeps, 'backend' | 'config' | 'logger' | 'concurrency'>): ReadinessScanner {
  const { backend, config } = deps;
  return singleFlightScanner(async (onProgress) => {
    const subscriptions = config.subscriptionIds.length > 0 ? config.subscriptionIds
      : (await backend.clients.listSubscriptions()).map((s) => s.subscriptionId);
    return scanFleet({
      clients: backend.clients, directory: backend.directory, subscriptions, onProgress,
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}), ...(deps.logger ? { logger: deps.logger } : {}),
    });
  });
}

/** The port behind `readiness` and `digest`. */
export function createReadinessPort(deps: ReadinessPortDeps): ReadinessPort {
  return {
    scanner: fleetScanner(deps),
    pages: createReadinessPages(),
    digests: deps.digests,
    digestSchedule: deps.config.digest,
    now: deps.now,
    ...(deps.progressIntervalMs !== undefined ? { progressIntervalMs: deps.progressIntervalMs } : {}),
    ...(deps.maxPageSize !== undefined ? { maxPageSize: deps.maxPageSize } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
}
