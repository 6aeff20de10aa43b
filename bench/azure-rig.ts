// An in-process emulator with the real ARM clients and a cluster directory over it, for the
// benchmarks that count Azure calls (preflight latency, fleet reads). Requests are counted from the
// emulator's own log: ARM = everything outside /k8s/.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../services/azure/clients.ts';
import { createClusterDirectory, type ClusterDirectory } from '../services/azure/cluster-directory.ts';

/** A running rig; `stop` ends the emulator. */
export interface AzureRig {
  emulator: RunningEmulator;
  clients: AzureClients;
  directory: ClusterDirectory;
  /** Requests served since `mark` (a previous `requests().length`), split ARM / Kubernetes / throttled. */
  since(mark: number): { arm: number; kube: number; throttled: number; paths: string[] };
  stop(): Promise<void>;
}

/** Starts the emulator with `options` and wires clients and a directory to it. */
export async function startAzureRig(options: EmulatorOptions): Promise<AzureRig> {
  const emulator = await startEmulator(options);
  const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emulator.caPem });
  const directory = createClusterDirectory({ clients, subscriptions: 'all' });
  return {
    emulator, clients, directory,
    since(mark) {
      const served = emulator.requests().slice(mark);
      const kube = served.filter((r) => r.path.startsWith('/k8s/')).length;
      return { arm: served.length - kube, kube, throttled: served.filter((r) => r.status === 429).length, paths: served.map((r) => `${r.method} ${r.path}`) };
    },
    stop: () => emulator.stop(),
  };
}
