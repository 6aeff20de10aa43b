import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH } from '../../emulator/index.ts';
import { parseSnapshot } from '../../services/cluster/load.ts';
import { cleanEnv, runCli, runMain, tempDir } from './spawn-netpilot.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests

describe('netpilot snapshot', () => {
  it('in-process demo fleet, NETPILOT_FLEET, malformed fleet, not found', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const fleet = JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')) as Json;
    const overlay = JSON.parse(JSON.stringify(fleet.clusters.find((c: Json) => c.cluster.name === 'aks-overlay')).replaceAll('aks-overlay', 'aks-tmp')) as Json;
    const otherFleet = join(dir, 'other.json');
    writeFileSync(otherFleet, JSON.stringify({ clusters: [overlay] }));
    const badFleet = join(dir, 'bad.json');
    const broken = JSON.parse(JSON.stringify(fleet)) as Json;
    delete broken.clusters[1].cluster.id;
    writeFileSync(badFleet, JSON.stringify(broken));

    const env = cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data') });
    // Spawning the real entry point is slow (tsx + SDK load), so only what needs a process is spawned.
    const [demo, other, bad, missing] = await Promise.all([
      runCli(['snapshot', 'aks-legacy', '-g', 'rg-demo'], env, dir),
      runCli(['snapshot', 'aks-tmp'], { ...env, NETPILOT_FLEET: otherFleet }, dir),
      runCli(['snapshot', 'aks-legacy'], { ...env, NETPILOT_FLEET: badFleet }, dir),
      runCli(['snapshot', 'aks-legacyy', '-g', 'rg-demo'], env, dir),
    ]);

    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const snap = parseSnapshot(JSON.parse(demo.stdout), 'stdout');
    expect(snap.cluster.name).toBe('aks-legacy');
    expect(snap.cluster.resourceGroup).toBe('rg-demo');
    expect(snap.derived.mode).toBe('node-subnet');
    expect(snap.kubernetes?.nodes?.length).toBeGreaterThan(0);
    expect(snap.unavailable).toEqual([]);

    expect(other.code).toBe(0);
    const otherSnap = parseSnapshot(JSON.parse(other.stdout), 'stdout');
    expect(otherSnap.cluster.name).toBe('aks-tmp');
    expect(otherSnap.derived.mode).toBe('overlay');

    for (const r of [bad, missing]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(bad.stderr).toContain(badFleet);
    expect(bad.stderr).toContain('clusters[1].cluster.id');
    expect(missing.stderr).toMatch(/not found in resource group rg-demo; did you mean aks-legacy\?/);
    expect(missing.stderr).toMatch(/-g RG/);
  });

  it('bad usage is exit 2 with one line (before any config or Azure access)', async () => {
    const noCluster = await runMain(['snapshot']);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/^netpilot: missing CLUSTER .*usage: netpilot snapshot CLUSTER/);
    const badFlag = await runMain(['snapshot', 'aks-legacy', '--frobnicate']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--frobnicate/);
    const two = await runMain(['snapshot', 'a', 'b']);
    expect(two.code).toBe(2);
    for (const r of [noCluster, badFlag, two]) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
