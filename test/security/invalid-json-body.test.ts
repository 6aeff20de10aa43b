// Attack: bodies that are not a JSON object: broken JSON, invalid UTF-8, absurd nesting, arrays,
// strings, null, an empty body, and "__proto__" keys.
import { describe, expect, it } from 'vitest';
import { messageActivity, startHarness } from '../bot/harness.ts';
import { alive, connectorCount, rawRequest } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('bodies that are not a JSON object', () => {
  const h = sharedFixture(() => startHarness());

  it('are refused with 400 and a reason, and nothing is sent', async () => {
    const before = connectorCount(h);
    const cases: Array<[string, string | Buffer]> = [
      ['broken JSON', '{"type": "message",'],
      ['empty body', ''],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ['deep nesting', '['.repeat(200_000) + ']'.repeat(200_000)],
      ['array', '[]'],
      ['string', '"message"'],
      ['null', 'null'],
      ['number', '42'],
    ];
    for (const [name, body] of cases) {
      const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json' }, body });
      expect(res.status, name).toBe(400);
      expect(typeof (res.json as { error?: unknown }).error, name).toBe('string');
    }
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('"__proto__" keys are dropped: no prototype is polluted and the message is served normally', async () => {
    const activity = messageActivity('help', h.connector.url);
    const json = JSON.stringify(activity).replace(/^\{/, '{"__proto__":{"polluted":true,"isAdmin":true},');
    const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json' }, body: json });
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(h.connector.activities.some((a) => a.replyToId === activity.id && a.body?.type === 'message')).toBe(true);
  });
});
