// Attack: bodies in other content types (forms, XML, text, none, a non-UTF-8 charset) that a body
// parser might decode into something the bot then trusts.
import { describe, expect, it } from 'vitest';
import { messageActivity, startHarness } from '../bot/harness.ts';
import { alive, connectorCount, rawRequest } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('content types other than JSON', () => {
  const h = sharedFixture(() => startHarness());

  it('are refused with 415 and nothing reaches the bot', async () => {
    const before = connectorCount(h);
    const json = JSON.stringify(messageActivity('help', h.connector.url));
    const cases: Array<[string | undefined, string]> = [
      ['text/plain', json],
      ['application/x-www-form-urlencoded', 'type=message&text=help'],
      ['application/xml', '<activity type="message"/>'],
      ['application/json; charset=iso-8859-1', json],
      ['application/jsonp', json],
      ['text/json', json],
      [undefined, json],
    ];
    for (const [type, body] of cases) {
      const res = await rawRequest(h.botUrl, { headers: type ? { 'content-type': type } : {}, body });
      expect(res.status, String(type)).toBe(415);
      expect(String((res.json as { error?: unknown }).error)).toContain('application/json');
    }
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('application/json with a UTF-8 charset is served', async () => {
    const activity = messageActivity('help', h.connector.url);
    const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'Application/JSON; charset="UTF-8"' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(200);
    expect(h.connector.activities.some((a) => a.replyToId === activity.id)).toBe(true);
  });
});
