// Opens "Azure" for the bot and the CLI: real Azure (DefaultAzureCredential), an emulator that
// already runs (NETPILOT_EMULATOR_URL + emulator-ca.pem), or one started in-process. The emulator
// starter is injected by the composition roots: services/ never imports emulator/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../cluster/errors.ts';
import type { NetPilotConfig } from '../config.ts';
import type { TokenCredential } from '@azure/core-auth';
import { createAzureClients, createDefaultCredential, EmulatorTokenCredential, type AzureClients, type CredentialConstructors } from './clients.ts';
import { assertSubscriptionInScope, createClusterDirectory, type ClusterDirectory, type LogSink } from './cluster-directory.ts';

/** A running emulator as the backend sees it. */
export interface EmulatorHandle { url: string; caPem: string; stop(): Promise<void> }
/** Starts an emulator (in-process); injected by cli/ and bot/index.ts. `stateFile`: where the emulator
 * keeps its world across restarts (a starter may ignore it: the world then lives in memory only). */
export type EmulatorStarter = (o: { fleetFile?: string; speed: number; dataDir: string; port?: number; stateFile?: string }) => Promise<EmulatorHandle>;
/** Clients and directory of the selected Azure; `close` stops an in-process emulator. */
export interface Backend {
  mode: 'azure' | 'emulator';
  clients: AzureClients;
  directory: ClusterDirectory;
  emulatorUrl?: string;
  /** Gets one ARM token; throws a UserError naming the identity settings when there is none (start-up probe). */
  probeCredential(): Promise<void>;
  close(): Promise<void>;
}

/** Test seams of `openBackend`. */
export interface BackendOverrides {
  /** The @azure/identity classes the real-Azure credential is built with (tests pass fakes). */
  credentialConstructors?: CredentialConstructors;
}

/** How long the start-up token probe may take. */
const PROBE_TIMEOUT_MS = 20_000;

/** Gets one token for `scope`; a missing or failing credential becomes a UserError saying what to set. */
export async function probeToken(credential: TokenCredential, scope: string, config: NetPilotConfig): Promise<void> {
  const { clientId, tenantId, clientSecret } = config.azureIdentity;
  const identity = clientSecret
    ? `the service principal ${clientId} in tenant ${tenantId}`
    : clientId ? `the managed identity ${clientId}` : 'DefaultAzureCredential (managed identity, workload identity, environment, Azure CLI)';
  let timer: NodeJS.Timeout | undefined;
  try {
    const token = await Promise.race([
      credential.getToken(scope),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS); }),
    ]);
    if (!token?.token) throw new Error('the credential returned no token');
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    throw new UserError('AzureCredentialUnavailable', `no Azure token for ${scope} from ${identity}: ${message.split('\n')[0]}`,
      'Give NetPilot an identity: a managed identity (set AZURE_CLIENT_ID for a user-assigned one), or a service principal with AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (environment or .env). See README, Running against Azure.');
  } finally {
    clearTimeout(timer);
  }
}

/** File name of the emulator's CA certificate inside NETPILOT_DATA_DIR. */
export const EMULATOR_CA_FILE = 'emulator-ca.pem';
/** File name of the in-process emulator's saved world inside NETPILOT_DATA_DIR (demo mode survives a restart). */
export const EMULATOR_STATE_FILE = 'emulator-state.json';

/** Opens the backend `config.azureMode` selects. */
export async function openBackend(config: NetPilotConfig, startEmulator: EmulatorStarter, logger?: LogSink, overrides: BackendOverrides = {}): Promise<Backend> {
  const kubernetes = { runCommand: config.runCommand };
  if (config.azureMode === 'azure') {
    const credential = await createDefaultCredential(config.azureEnvironment, config.azureIdentity, overrides.credentialConstructors);
    const clients = scopedClients(createAzureClients({ endpoint: config.armEndpoint, scope: config.armScope, credential, kubernetes }), config.subscriptionIds);
    return {
      mode: 'azure', clients,
      directory: createClusterDirectory({ clients, subscriptions: config.subscriptionIds, logger }),
      probeCredential: () => probeToken(credential, config.armScope, config),
      close: async () => {},
    };
  }
  if (config.azureMode === 'emulator-external') {
    const url = config.emulatorUrl!;
    const caFile = join(config.dataDir, EMULATOR_CA_FILE);
    let caPem: string;
    try {
      caPem = await readFile(caFile, 'utf8');
    } catch {
      throw new UserError('EmulatorCaMissing', `${caFile}: not found (NETPILOT_EMULATOR_URL=${url} needs the emulator's CA certificate)`,
        'Run `npx netpilot emulator` with the same NETPILOT_DATA_DIR, or unset NETPILOT_EMULATOR_URL to start one in-process.');
    }
    const clients = config.productionRules ? scopedClients(emulatorClients(url, caPem, kubernetes), config.subscriptionIds) : emulatorClients(url, caPem, kubernetes);
    return {
      mode: 'emulator', clients, emulatorUrl: url, probeCredential: async () => {},
      // Production rules against the emulator keep the configured subscription scope (spec §8).
      directory: createClusterDirectory({ clients, subscriptions: config.productionRules ? config.subscriptionIds : 'all', logger }),
      close: async () => {},
    };
  }
  const emulator = await startEmulator({
    fleetFile: config.fleetFile, speed: config.emulatorSpeed, dataDir: config.dataDir, port: config.emulatorPort,
    stateFile: join(config.dataDir, EMULATOR_STATE_FILE),
  });
  const clients = emulatorClients(emulator.url, emulator.caPem, kubernetes);
  return {
    mode: 'emulator', clients, emulatorUrl: emulator.url, probeCredential: async () => {},
    directory: createClusterDirectory({ clients, subscriptions: 'all', logger }),
    close: () => emulator.stop(),
  };
}

/** Clients that refuse (AzureFailure out-of-scope) to address a subscription outside `allowed`: reads,
 * the migration's PUT and the watcher all go through them, so nothing reaches another subscription. */
export function scopedClients(clients: AzureClients, allowed: string[]): AzureClients {
  return {
    ...clients,
    containerService: (sub, purpose) => {
      assertSubscriptionInScope(sub, allowed);
      return clients.containerService(sub, purpose);
    },
    network: (sub) => {
      assertSubscriptionInScope(sub, allowed);
      return clients.network(sub);
    },
  };
}

/** Clients of an emulator: its CA trusted, the emulator credential (unsigned JWTs with the scope's audience). */
function emulatorClients(url: string, caPem: string, kubernetes: { runCommand: boolean }): AzureClients {
  const endpoint = url.replace(/\/+$/, '');
  return createAzureClients({ endpoint, scope: `${endpoint}/.default`, credential: new EmulatorTokenCredential(), caPem, kubernetes });
}
