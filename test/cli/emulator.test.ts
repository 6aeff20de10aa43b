import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../services/cluster/load.ts';
import { cleanEnv, runCli, runMain, startCli, tempDir } from './spawn-netpilot.ts';

/** A port that was free a moment ago (127.0.0.1). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('netpilot emulator', () => {
  it('runs alone, writes its CA, serves `netpilot snapshot` via NETPILOT_EMULATOR_URL, stops on SIGTERM', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const port = await freePort();
    const env = cleanEnv({ NETPILOT_DATA_DIR: dataDir });
    const { child, match, exited } = await startCli(['emulator', '--port', String(port)], env, dir, /^NETPILOT_EMULATOR_URL=(\S+)$/m);
    try {
      expect(match[1]).toBe(`https://127.0.0.1:${port}`);
      const ca = join(dataDir, 'emulator-ca.pem');
      expect(existsSync(ca)).toBe(true);
      expect(readFileSync(ca, 'utf8')).toMatch(/-----BEGIN CERTIFICATE-----/);
      const snap = await runCli(['snapshot', 'aks-legacy', '-g', 'rg-demo'], { ...env, NETPILOT_EMULATOR_URL: match[1] }, dir);
      expect(snap.stderr).toBe('');
      expect(snap.code).toBe(0);
      expect(parseSnapshot(JSON.parse(snap.stdout), 'stdout').cluster.name).toBe('aks-legacy');
      // The snapshot came from this emulator: its log shows the cluster GET.
      const log = await fetchLog(match[1], readFileSync(ca, 'utf8'));
      expect(log.some((e) => e.method === 'GET' && /managedClusters\/aks-legacy$/i.test(e.path) && e.status === 200)).toBe(true);
      // Without the CA file the external mode refuses clearly.
      const noCa = await runCli(['snapshot', 'aks-legacy'], { ...env, NETPILOT_EMULATOR_URL: match[1], NETPILOT_DATA_DIR: join(dir, 'empty') }, dir);
      expect(noCa.code).toBe(2);
      expect(noCa.stderr).toMatch(/emulator-ca\.pem: not found/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('a malformed fleet or bad flag: exit 2 with one line naming the file and field', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const bad = join(dir, 'fleet.json');
    writeFileSync(bad, JSON.stringify({ clusters: [{ cluster: { name: 'x' } }] }));
    const env = cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data') });
    const fleet = await runCli(['emulator', '--fleet', bad, '--port', '0'], env, dir);
    const speed = await runMain(['emulator', '--speed', '-3']);
    const extra = await runMain(['emulator', 'now']);
    for (const r of [fleet, speed, extra]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fleet.stderr).toContain(bad);
    expect(fleet.stderr).toContain('clusters[0].cluster.id');
    expect(speed.stderr).toMatch(/--speed/);
  });
});

async function fetchLog(url: string, ca: string): Promise<{ method: string; path: string; status: number }[]> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    request(`${url}/_emulator/log`, { ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject).end();
  });
}
