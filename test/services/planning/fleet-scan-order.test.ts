// The fleet scan spreads its reads over the subscriptions' read buckets: clusters are read in turns
// across subscriptions (not all of the first subscription's first), while the result keeps the list
// order. Real emulator, a generated fleet of 6 clusters in 2 subscriptions, one cluster at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential } from '../../../services/azure/clients.ts';
import { createClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import type { FleetReadiness } from '../../../services/planning/fleet-readiness.ts';
import { interleave, scanFleet } from '../../../services/planning/fleet-scan.ts';
import { generatedClusterName, generatedSubscription, generateFleet } from '../../../bench/fleet-gen.ts';

describe('interleave', () => {
  it('takes one item of each list in turn and keeps every item once', () => {
    expect(interleave([[1, 2, 3], [4], [5, 6]])).toEqual([1, 4, 5, 2, 6, 3]);
    expect(interleave([[], [1]])).toEqual([1]);
    expect(interleave([])).toEqual([]);
  });
});

describe('scanFleet over two subscriptions', () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let result: FleetReadiness;
  beforeAll(async () => {
    emu = await startEmulator({ fleet: generateFleet(6, 2), speed: 20 });
    const clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem });
    const directory = createClusterDirectory({ clients, subscriptions: 'all' });
    result = await scanFleet({ clients, directory, subscriptions: [generatedSubscription(0), generatedSubscription(1)], concurrency: 1 });
  }, 120_000);
  afterAll(async () => emu?.stop());

  it('reads the clusters in turns across the subscriptions and returns them in list order', () => {
    // Clusters 0, 2, 4 are in subscription 0; 1, 3, 5 in subscription 1 (fleet-gen.ts).
    const poolReads = emu.requests().filter((r) => r.method === 'GET' && /\/agentPools$/i.test(r.path))
      .map((r) => /managedClusters\/([^/]+)\//i.exec(r.path)![1]);
    expect(poolReads).toEqual([0, 1, 2, 3, 4, 5].map(generatedClusterName));
    expect(result.unread).toEqual([]);
    expect(result.clusters.map((c) => c.name)).toEqual([0, 2, 4, 1, 3, 5].map(generatedClusterName));
  });
});
