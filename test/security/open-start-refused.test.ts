// Attack: start the bot against Azure with inbound auth left off (a missing setting turning NetPilot
// into an open door). `npm start` (bot/index.ts) exits 2 naming the missing variables and nothing
// listens; also against the emulator under production rules. Auth off (demo) listens on 127.0.0.1 only
// and the start banner says so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const ENTRY = join(REPO, 'bot', 'index.ts');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'np-open-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A port nothing listens on right now (asked from the OS, then released). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

/** The environment of a child: no developer settings, only what these tests set (cwd has no .env). */
const baseEnv = (dataDir: string, port: number) => ({ PATH: process.env.PATH, HOME: process.env.HOME, NETPILOT_DATA_DIR: dataDir,
  PORT: String(port), NETPILOT_PLAYGROUND: '0', LOG_LEVEL: 'warn' });

describe('attack: Azure mode without inbound auth', () => {
  const cases: [string, Record<string, string>][] = [
    ['real Azure', {}],
    ['production rules against the emulator', { NETPILOT_EMULATOR_URL: 'https://127.0.0.1:9' }],
  ];
  for (const [name, extra] of cases) {
    it(`${name}: exits 2 naming MicrosoftAppId and MicrosoftAppPassword, and nothing listens`, async () => {
      const dir = tmp();
      const port = await freePort();
      const env = { ...baseEnv(dir, port), AZURE_SUBSCRIPTION_IDS: '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00', ...extra };
      const run = spawnSync(TSX, [ENTRY], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('MicrosoftAppId, MicrosoftAppPassword: required when AZURE_SUBSCRIPTION_IDS is set');
      expect(run.stdout).not.toContain('NetPilot is running');
      expect(await listening(port)).toBe(false);
    }, 90_000);
  }
});

describe('auth off (demo)', () => {
  it('listens on 127.0.0.1 only, and the banner says so', async () => {
    const dir = tmp();
    const port = await freePort();
    const child = spawn(TSX, [ENTRY], { cwd: dir, env: baseEnv(dir, port), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toContain('Ctrl-C stops everything');
    expect(out).toContain('inbound Bot Framework auth: OFF (demo): listening on 127.0.0.1 only');
    expect(out).toContain(`bot endpoint: http://127.0.0.1:${port}/api/messages`);
    expect(await listening(port)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
