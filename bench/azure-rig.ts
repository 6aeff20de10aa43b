// The emulator in a child process (emulator-process.ts) with the real ARM clients and a cluster
// directory over it in this process, for the benchmarks that count Azure calls and time NetPilot
// (preflight latency, fleet reads): this process's CPU is NetPilot's only. Requests are counted from
// the emulator's own log: ARM = everything outside /k8s/.
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../services/azure/clients.ts';
import { createClusterDirectory, type ClusterDirectory } from '../services/azure/cluster-directory.ts';
import { startEmulatorProcess, type ChildStart, type EmulatorProcess } from './emulator-process.ts';

/** Requests served in a window, split ARM / Kubernetes / throttled. */
export interface Served { arm: number; kube: number; throttled: number; paths: string[] }

/** A running rig; `stop` ends the emulator. */
export interface AzureRig {
  emulator: EmulatorProcess;
  clients: AzureClients;
  directory: ClusterDirectory;
  /** How many requests the emulator has served so far (a mark for `since`). */
  mark(): Promise<number>;
  /** Requests served since `mark`. */
  since(mark: number): Promise<Served>;
  stop(): Promise<void>;
}

/** Starts the emulator child with `options` and wires clients and a directory to it. */
export async function startAzureRig(options: ChildStart['emulator']): Promise<AzureRig> {
  const emulator = await startEmulatorProcess({ emulator: options });
  const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emulator.caPem });
  const directory = createClusterDirectory({ clients, subscriptions: 'all' });
  return {
    emulator, clients, directory,
    mark: async () => (await emulator.requests(Number.MAX_SAFE_INTEGER)).total,
    async since(mark) {
      const served = (await emulator.requests(mark)).entries;
      const kube = served.filter((r) => r.path.startsWith('/k8s/')).length;
      return { arm: served.length - kube, kube, throttled: served.filter((r) => r.status === 429).length, paths: served.map((r) => `${r.method} ${r.path}`) };
    },
    stop: () => emulator.stop(),
  };
}
