// Benchmark 5: live snapshot collection of aks-legacy through openBackend with the in-process
// emulator (real @azure/arm-* and client-node over HTTPS on 127.0.0.1), with the requests each
// snapshot costs "Azure" counted from the emulator's own log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { openBackend, type EmulatorStarter } from '../services/azure/backend.ts';
import { collectSnapshot } from '../services/azure/collect-snapshot.ts';
import { loadConfig } from '../services/config.ts';
import { counts, measure, percentile, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const SNAPSHOT = 'collectSnapshot: aks-legacy (emulator)';

/** Times one collectSnapshot per iteration; flags unreadable sections and throttled (429) requests. */
export async function benchSnapshot(options: BenchOptions): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-bench-snapshot-'));
  let emulator: RunningEmulator | undefined;
  const starter: EmulatorStarter = async (o) => {
    emulator = await startEmulator({ fleetFile: o.fleetFile, speed: o.speed, dataDir: o.dataDir, port: o.port });
    return emulator;
  };
  const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { cwd: dataDir });
  const backend = await openBackend(config, starter);
  try {
    if (!emulator) throw new Error('openBackend did not start the in-process emulator');
    const log = emulator;
    const found = await backend.directory.resolve({ name: 'aks-legacy' });
    if (found.kind !== 'found') throw new Error(`aks-legacy not found in the emulator (${found.kind})`);
    const perSnapshot: number[] = [];
    const armPerSnapshot: number[] = [];
    let throttled = 0;
    let unavailable = 0;
    const timing = await measure(async () => {
      const before = log.requests().length;
      const { snapshot } = await collectSnapshot(found.ref, { clients: backend.clients });
      const served = log.requests().slice(before);
      perSnapshot.push(served.length);
      armPerSnapshot.push(served.filter((r) => !r.path.startsWith('/k8s/')).length);
      throttled += served.filter((r) => r.status === 429).length;
      unavailable += snapshot.unavailable.length;
    }, counts(options, { warmup: 3, iterations: 30 }, { warmup: 1, iterations: 3 }));
    const requests = percentile(perSnapshot, 50);
    const arm = percentile(armPerSnapshot, 50);
    const flags = [
      ...(throttled > 0 ? [`${throttled} emulator requests answered 429 (timings include Retry-After waits)`] : []),
      ...(unavailable > 0 ? [`${unavailable} snapshot sections unavailable`] : []),
    ];
    return {
      name: SNAPSHOT, unit: 'snapshots', ...timing,
      figures: { requestsPerSnapshot: requests, armRequestsPerSnapshot: arm, k8sRequestsPerSnapshot: requests - arm, throttled },
      notes: [`${requests} emulator requests/snapshot (${arm} ARM, ${requests - arm} K8s), ${throttled} throttled`],
      flags,
    };
  } finally {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
