// Live cluster access for CLI commands: config -> backend (Azure, external or in-process emulator)
// -> resolve the cluster -> collect a snapshot -> close. Also the shared argument parsing.
import { resolve as resolvePath } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FleetFileError } from '../emulator/index.ts';
import { UserError } from '../services/cluster/errors.ts';
import { CliError, cliErrorText, parseArgsError } from './cli-error.ts';
import type { ClusterSnapshot } from '../services/cluster/types.ts';
import { openBackend, type Backend, type EmulatorStarter } from '../services/azure/backend.ts';
import { parseClusterQuery, type ClusterRef } from '../services/azure/cluster-directory.ts';
import { collectSnapshot } from '../services/azure/collect-snapshot.ts';
import { loadConfig, loadDotEnv, type LoadConfigOptions, type NetPilotConfig } from '../services/config.ts';

/** A cluster as named on the command line: `CLUSTER [-g RG] [-s SUB]`. */
export interface LiveClusterArgs { cluster: string; resourceGroup?: string; subscriptionId?: string }

/** The configuration of a CLI run: `.env` in the working directory under the process environment. */
export function cliConfig(options: LoadConfigOptions = {}): NetPilotConfig {
  return loadConfig(loadDotEnv(resolvePath('.env')), { role: 'cli', ...options });
}

/** A fleet file the emulator refused, as a user error (one line naming file and field). */
export function fleetUserError(err: FleetFileError): UserError {
  return new UserError('InvalidFleet', err.message, 'Fix the fleet file (spec/interfaces.md §6) or unset NETPILOT_FLEET to use the demo fleet.');
}

/** Starts the real emulator in-process (loaded only then); the CA stays in memory, nothing is written. */
export const inProcessEmulator: EmulatorStarter = async (o) => {
  const { FleetFileError, startEmulator } = await import('../emulator/index.ts');
  try {
    return await startEmulator({ port: o.port, fleetFile: o.fleetFile, speed: o.speed });
  } catch (err) {
    if (err instanceof FleetFileError) throw fleetUserError(err);
    throw err;
  }
};

/** Parses CLI flags strictly; unknown flags or a bad shape become a UserError (exit 2). */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw parseArgsError(err, undefined, usage);
  }
}

/** Opens the backend of this run's configuration, calls `fn`, and always closes it. */
export async function withLiveBackend<T>(
  fn: (backend: Backend, config: NetPilotConfig) => Promise<T>,
  starter: EmulatorStarter = inProcessEmulator,
): Promise<T> {
  const config = cliConfig();
  const backend = await openBackend(config, starter);
  try {
    return await fn(backend, config);
  } finally {
    await backend.close();
  }
}

/** Resolves `q` to exactly one cluster, collects its snapshot, calls `fn`, and always closes the backend. */
export async function withLiveSnapshot<T>(
  q: LiveClusterArgs,
  fn: (s: ClusterSnapshot, raw: unknown) => Promise<T>,
  starter: EmulatorStarter = inProcessEmulator,
): Promise<T> {
  const config = cliConfig();
  const query = parseClusterQuery(q.cluster, { resourceGroup: q.resourceGroup, subscriptionId: q.subscriptionId });
  const backend = await openBackend(config, starter);
  try {
    const result = await backend.directory.resolve(query);
    let ref: ClusterRef;
    if (result.kind === 'found') ref = result.ref;
    else if (result.kind === 'ambiguous') {
      const names = result.candidates.map((c) => ({ id: 'cluster-ambiguous.candidate' as const,
        params: { resourceGroup: c.resourceGroup, name: c.name, subscriptionId: c.subscriptionId } }));
      throw new CliError('AmbiguousCluster', { id: 'cluster-ambiguous', params: { query: q.cluster, count: names.length,
        names: names.map((n) => cliErrorText('en')(n.id, n.params)).join(', ') } }, { id: 'cluster-ambiguous.hint' });
    } else {
      throw new CliError('ClusterNotFound', { id: 'cluster-not-found', params: { name: query.name, resourceGroup: query.resourceGroup || 'none',
        subscriptionId: query.subscriptionId || 'none', suggestions: result.suggestions.length > 0 ? result.suggestions.join(', ') : 'none' } },
      { id: 'cluster-not-found.hint' });
    }
    const { snapshot, raw } = await collectSnapshot(ref, { clients: backend.clients });
    return await fn(snapshot, raw);
  } finally {
    await backend.close();
  }
}
