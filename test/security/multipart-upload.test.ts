// Attack: a 5 MB multipart/form-data POST. restify's body parser wrote the upload to the temp
// directory (and left it there) even though the request was then refused with 401.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../bot/harness.ts';
import { alive, connectorCount, rawRequest } from './edge-rig.ts';

function multipart(boundary: string, size: number): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="payload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.alloc(size, 0x41),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('multipart uploads', () => {
  let h: Harness;
  let freshTmp: string;
  const savedTmp = process.env.TMPDIR;
  beforeAll(async () => {
    h = await startHarness();
    // From here on, anything that writes "to the temp directory" in this process writes here.
    freshTmp = mkdtempSync(join(tmpdir(), 'netpilot-edge-tmp-'));
    process.env.TMPDIR = freshTmp;
  });
  afterAll(async () => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await h?.stop();
    rmSync(freshTmp, { recursive: true, force: true });
  });

  it('are refused with 415 before a byte is stored: the temp directory stays empty', async () => {
    expect(tmpdir()).toBe(freshTmp);
    const before = connectorCount(h);
    const boundary = 'netpilot-attack-boundary';
    for (const size of [5 * 1024 * 1024, 100 * 1024]) {
      const res = await rawRequest(h.botUrl, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart(boundary, size) });
      expect(res.status, `${size} bytes`).toBe(415);
    }
    const chunked = await rawRequest(h.botUrl, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart(boundary, 2 * 1024 * 1024),
      chunked: true,
    });
    expect(chunked.status).toBe(415);
    expect(readdirSync(freshTmp)).toEqual([]);
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });
});
