// startPlayground: the log goes to the data dir (not ./devTools), it resolves only once
// /_internal/v1/config answers, and an early exit fails with the reason from the playground's log.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PLAYGROUND_LOG_FILE, playgroundLogReason, startPlayground } from '../../bot/playground.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A stand-in bot endpoint: the playground's config route waits until the bot answers. */
async function stubBot(): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
}

/** A cwd whose node_modules/.bin/agentsplayground is the given shell script. */
function fakePlayground(script: string): string {
  const cwd = tempDir('np-fakepg-');
  mkdirSync(join(cwd, 'node_modules', '.bin'), { recursive: true });
  const bin = join(cwd, 'node_modules', '.bin', 'agentsplayground');
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  return cwd;
}

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };

describe('startPlayground', () => {
  it('logs into the data dir and resolves once /_internal/v1/config answers', async () => {
    const dataDir = tempDir('np-pgdata-');
    const port = 56_700 + Math.floor(Math.random() * 500);
    const pg = await startPlayground({ botEndpoint: await stubBot(), port, env: ENV, dataDir });
    try {
      const res = await fetch(`http://127.0.0.1:${pg.port}/_internal/v1/config`, { signal: AbortSignal.timeout(3000) });
      expect(res.status).toBe(200);
      await res.text();
      expect(existsSync(join(dataDir, PLAYGROUND_LOG_FILE))).toBe(true);
    } finally {
      await pg.stop();
    }
  }, 60_000);

  it('an exit before listening fails with the reason from its log', async () => {
    const cwd = fakePlayground('echo "starting"; echo "error EADDRINUSE: address already in use 127.0.0.1:56150" >> "$M365_AGENTS_PLAYGROUND_LOGFILE"; exit 1');
    const dataDir = join(cwd, 'data');
    await expect(startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', cwd, env: ENV, dataDir, startTimeoutMs: 10_000 }))
      .rejects.toThrow(/exited early \(code 1[\s\S]*EADDRINUSE/);
    expect(existsSync(join(cwd, 'devTools'))).toBe(false);
  });

  it('"Listening on" alone is not enough: an exit before the config route answers fails with the log reason', async () => {
    const cwd = fakePlayground('echo "Listening on 9"; echo "error: invalid .m365agentsplayground.yml: users[0].id missing" >> "$M365_AGENTS_PLAYGROUND_LOGFILE"; sleep 1; exit 3');
    await expect(startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', cwd, env: ENV, dataDir: join(cwd, 'data'), startTimeoutMs: 10_000 }))
      .rejects.toThrow(/exited early \(code 3[\s\S]*users\[0\]\.id missing/);
  });

  it('playgroundLogReason prefers error lines and is empty without a log', () => {
    const dir = tempDir('np-pglog-');
    const file = join(dir, 'x.log');
    expect(playgroundLogReason(file)).toBe('');
    writeFileSync(file, 'log a\nlog b\nerror boom\nlog c\n');
    expect(playgroundLogReason(file)).toBe('error boom');
  });
});
