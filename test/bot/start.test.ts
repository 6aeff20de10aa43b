// The composition root: startNetPilot wires everything and stops cleanly; a bad config exits 2
// listing every bad key once; the Agents Playground child reports its real port and stops.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.ts';
import { startPlayground } from '../../bot/playground.ts';
import { startNetPilot } from '../../bot/start.ts';
import { loadConfig } from '../../services/config.ts';
import { openStore } from '../../services/store/index.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'netpilot-start-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('startNetPilot', () => {
  it('starts the emulator, store and bot (auth off in demo) and stops everything', async () => {
    const dataDir = tmp();
    const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { defaultEmulatorSpeed: 20 });
    const app = await startNetPilot(config, { logger: quiet(), port: 0 });
    try {
      const health = await fetch(`${app.botUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { azure: string }).azure).toBe('emulator');
      expect(app.playground).toBeUndefined();
      const clusters = await app.backend.directory.list();
      expect(clusters.map((c) => c.name)).toContain('aks-legacy');
    } finally {
      await app.stop();
    }
    await expect(fetch(`${app.botUrl}/healthz`)).rejects.toThrow();
    await app.stop();
  });
});

describe('startNetPilot recovery', () => {
  it('recovers approved requests before the bot listens (no approval can race the recovery)', async () => {
    const dataDir = tmp();
    // An approval the previous process recorded but never started (its If-Match eTag is stale now).
    const store = openStore(dataDir);
    const at = new Date().toISOString();
    const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
    store.requests.insert({
      id: 'req-left-over', version: 2, state: 'approved',
      cluster: { id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`,
        subscriptionId: SUB, resourceGroup: 'rg-demo', name: 'aks-legacy' },
      target: 'overlay', plan: { azCommand: 'az', networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
      requester: { id: 'u1', name: 'R' }, createdAt: at, updatedAt: at, expiresAt: '2099-01-01T00:00:00.000Z',
      report: { verdict: 'ready', hash: 'h', blockers: [], warnings: [] }, eTag: 'stale', approvedETag: 'stale', dryRun: false,
      decision: { by: { id: 'u2', name: 'A' }, at },
    });
    store.close();
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => { lines.push(String(c)); cb(); } }) });
    const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { defaultEmulatorSpeed: 20 });
    const app = await startNetPilot(config, { logger, port: 0 });
    try {
      const order = (msg: string) => lines.findIndex((l) => (JSON.parse(l) as { msg?: string }).msg === msg);
      expect(order('resumed migrations')).toBeGreaterThanOrEqual(0);
      expect(order('bot listening')).toBeGreaterThan(order('resumed migrations'));
      // The stale eTag was refused by If-Match: the request ended, claimed once.
      expect(app.store.requests.get('req-left-over')).toMatchObject({ state: 'failed', outcome: { code: 'PreconditionFailed' } });
    } finally {
      await app.stop();
    }
  });
});

describe('npm start with a bad configuration', () => {
  it('prints every bad key once and exits 2', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'abc', APPROVERS: 'not-a-guid', NETPILOT_DATA_DIR: tmp() };
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, ['bot/index.ts'], { cwd: process.cwd(), env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.match(/PORT:/g)).toHaveLength(1);
    expect(run.stderr.match(/APPROVERS:/g)).toHaveLength(1);
  });
});

describe('Agents Playground child', () => {
  it('reports the port it listens on and stops', async () => {
    const port = 56_200 + Math.floor(Math.random() * 500);
    // startPlayground waits for /_internal/v1/config, which answers only once the bot endpoint does.
    const bot = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((r) => bot.listen(0, '127.0.0.1', r));
    const botEndpoint = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`;
    const pg = await startPlayground({ botEndpoint, port, dataDir: tmp(), env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    try {
      expect(pg.port).toBeGreaterThan(0);
        const res = await fetch(`http://127.0.0.1:${pg.port}/`);
      expect(res.status).toBe(200);
      await res.text();
    } finally {
      await pg.stop();
      await new Promise<void>((r) => { bot.close(() => r()); bot.closeAllConnections(); });
    }
    await expect(fetch(`http://127.0.0.1:${pg.port}/`)).rejects.toThrow();
  });
});
