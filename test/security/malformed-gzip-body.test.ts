// Attack: POST /api/messages with `Content-Encoding: gzip` and a body that is not gzip. restify's
// body parser used to emit an unhandled 'error' and the process exited, before any auth check.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { messageActivity, startHarness } from '../bot/harness.ts';
import { alive, connectorCount, rawRequest } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('a body that claims a content encoding', () => {
  const h = sharedFixture(() => startHarness());

  it('gzip header with a plain body is refused with 415, and the server keeps serving', async () => {
    const before = connectorCount(h);
    const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' });
    expect(res.status).toBe(415);
    expect(String((res.json as { error?: unknown }).error)).toMatch(/Content-Encoding/);
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('real gzip, deflate and br bodies of a valid activity are refused too (JSON is taken uncompressed only)', async () => {
    const before = connectorCount(h);
    const zipped = gzipSync(JSON.stringify(messageActivity('help', h.connector.url)));
    for (const encoding of ['gzip', 'deflate', 'br', 'x-unknown', 'gzip, identity']) {
      const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: zipped });
      expect(res.status, encoding).toBe(415);
    }
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('after the attacks a normal message still gets its reply', async () => {
    const { status, replies } = await h.say('help');
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
  });
});
