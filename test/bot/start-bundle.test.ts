// `npm start` as package.json says it (node <V8 flags> bin/start-bot.mjs) in demo mode: from the bot
// bundle dist/bot/ while it is fresh (built first when missing or stale), from the TypeScript through
// tsx with NETPILOT_BOT_TSX=1. Either way the bot answers a real chat message over HTTP (preflight
// card through the local connector) and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../bench/bundles.ts';
import { cleanEnv, tempDir } from '../cli/spawn-netpilot.ts';
import { startLocalConnector, type LocalConnector } from '../fakes/local-connector.ts';
import { cardOf, cardText, messageActivity } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** package.json "start", split: the program, its Node flags and the entry script. */
function startCommand(): { program: string; flags: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [program = '', ...rest] = pkg.scripts.start.split(/\s+/);
  return { program, flags: rest.filter((a) => a.startsWith('--')), entry: rest.filter((a) => !a.startsWith('--')).join(' ') };
}

/** A port free on 127.0.0.1 now (the bot's PORT must be 1-65535, so the OS picks it here). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const dirs: string[] = [];
let connector: LocalConnector;
beforeAll(async () => {
  await ensureBundle('bot', 'index', 'bot/index.ts');
  connector = await startLocalConnector();
}, 180_000);
afterAll(async () => {
  await connector.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starts `npm start`'s command (cwd: an empty temporary directory, so no .env is read). */
async function startBot(extra: Record<string, string>) {
  const { flags, entry } = startCommand();
  const dir = tempDir('np-start-bot-');
  dirs.push(dir);
  const port = await freePort();
  const child = spawn(process.execPath, [...flags, join(ROOT, entry)], {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data'), NETPILOT_PLAYGROUND: '0', PORT: String(port), ...extra }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  return { child, url, exited, out: () => stdout, err: () => stderr };
}

/** Waits for the bot, chats with it, stops it with SIGTERM; returns its stdout. */
async function chatAndStop(bot: Awaited<ReturnType<typeof startBot>>): Promise<string> {
  try {
    await expect.poll(() => bot.out(), { timeout: 90_000, interval: 200 }).toContain(`bot endpoint: ${bot.url}/api/messages`);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { azure: string }).azure).toBe('emulator');

    const ask = messageActivity('check aks-legacy', connector.url, { conversationId: `a:start-bundle-${bot.child.pid}` });
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ask) });
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((r) => r.conversationId === ask.conversation?.id && /aks-legacy/.test(cardText(cardOf(r))), 60_000);
    expect(cardText(cardOf(reply))).toMatch(/Preflight/i);
  } finally {
    bot.child.kill('SIGTERM');
  }
  const exit = await bot.exited;
  expect(bot.err()).not.toMatch(/could not start|Error:/);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(bot.out()).toMatch(/"signal":"SIGTERM","msg":"stopping"/);
  await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
  return bot.out();
}

describe('npm start (bin/start-bot.mjs)', () => {
  it('package.json "start" runs node with the V8 flags on bin/start-bot.mjs', () => {
    expect(startCommand()).toEqual({ program: 'node', flags: ['--max-semi-space-size=2', '--heap-growing-percent=15'], entry: 'bin/start-bot.mjs' });
  });

  it('runs the fresh bundle dist/bot/index.js, answers a chat message and exits 0 on SIGTERM', async () => {
    const out = await chatAndStop(await startBot({}));
    expect(out).toContain('netpilot: starting the bundle dist/bot/index.js');
    expect(out).not.toContain('through tsx');
  }, 180_000);

  it('runs bot/index.ts through tsx with NETPILOT_BOT_TSX=1, the same way', async () => {
    const out = await chatAndStop(await startBot({ NETPILOT_BOT_TSX: '1' }));
    expect(out).toContain('netpilot: starting bot/index.ts through tsx (NETPILOT_BOT_TSX=1)');
    expect(out).not.toContain('starting the bundle');
  }, 180_000);
});
