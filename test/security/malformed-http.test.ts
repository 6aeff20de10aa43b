// Attack: broken HTTP itself (garbage request lines, a non-numeric Content-Length, bad chunk sizes,
// a body cut off before its declared length, odd paths). Each gets a 4xx; the server keeps serving.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHarness } from '../bot/harness.ts';
import { alive, connectorCount, rawRequest } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

/** Writes raw bytes on a fresh TCP connection, half-closes, and resolves with the status line. */
function rawSocket(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(data));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out.split('\r\n')[0]));
    socket.on('error', () => resolve(out.split('\r\n')[0]));
  });
}

describe('malformed HTTP', () => {
  const h = sharedFixture(() => startHarness());

  it('broken request lines, lengths, chunks and cut-off bodies get 400', async () => {
    const before = connectorCount(h);
    const port = Number(new URL(h.botUrl).port);
    const head = 'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n';
    const cases = [
      'GARBAGE\r\n\r\n',
      `${head}Content-Length: abc\r\n\r\n{}`,
      `${head}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `${head}Content-Length: 100\r\n\r\n{"type":`,
      `${head}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ];
    for (const data of cases) {
      expect(await rawSocket(port, data), JSON.stringify(data.slice(0, 60))).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('odd paths and methods get 404/405, never 5xx', async () => {
    for (const [method, path] of [['POST', '/api/messages%'], ['POST', '/%'], ['POST', '/api//messages'], ['POST', '/healthz'], ['PUT', '/api/messages'], ['GET', '/api/messages/%E0%A4%A']]) {
      const res = await rawRequest(h.botUrl, { method, path, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect([404, 405], `${method} ${path}`).toContain(res.status);
    }
    expect(await alive(h.botUrl)).toBe(true);
  });
});
