// Attack: probe the activity validation without credentials when inbound auth is on. Auth runs
// before the shape check, so an unauthenticated caller gets the same 401 for any activity and
// learns nothing about what NetPilot accepts; an authenticated sender gets the precise 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, startHarness, type Harness } from '../bot/harness.ts';
import { createRigAuthentication, startJwtRig, type JwtRig } from '../fakes/jwt-rig.ts';
import { cardActionActivity, connectorCount, postJson, rawRequest } from './edge-rig.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('malformed activities when inbound auth is on', () => {
  let rig: JwtRig;
  let h: Harness;
  beforeAll(async () => {
    rig = await startJwtRig({ appId: APP_ID });
    h = await startHarness({ botFrameworkAuthentication: createRigAuthentication(rig) });
  });
  afterAll(async () => {
    await h?.stop();
    await rig?.stop();
  });

  const malformed = (serviceUrl: string): Array<[string, unknown]> => [
    ['text is a number', { ...messageActivity('help', serviceUrl), text: 42 }],
    ['serviceUrl is a number', { ...messageActivity('help', serviceUrl), serviceUrl: 42 }],
    ['card action without action', cardActionActivity(serviceUrl, { trigger: 'manual' })],
    ['unknown invoke', { ...cardActionActivity(serviceUrl, {}), name: 'task/fetch' }],
    ['not even an activity', { hello: 'world' }],
  ];

  it('without a token every one of them gets the same bare 401, and nothing is sent', async () => {
    const before = connectorCount(h);
    for (const [name, activity] of malformed(h.connector.url)) {
      const res = await postJson(h.botUrl, activity);
      expect(res.status, name).toBe(401);
      expect(res.json, name).toEqual({ error: 'Unauthorized' });
    }
    expect(connectorCount(h)).toBe(before);
  });

  it('transport checks come first (they say nothing about the bot): a bad encoding is 415 even without a token', async () => {
    const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' });
    expect(res.status).toBe(415);
  });

  it('with a valid channel token the sender gets the precise 400, and nothing is sent', async () => {
    const before = connectorCount(h);
    const token = `Bearer ${rig.sign(h.connector.url)}`;
    const text = await postJson(h.botUrl, { ...messageActivity('help', h.connector.url), text: 42 }, { authorization: token });
    expect(text.status).toBe(400);
    expect(JSON.stringify(text.json)).toContain('text');
    const invoke = await postJson(h.botUrl, { ...cardActionActivity(h.connector.url, {}), name: 'task/fetch' }, { authorization: token });
    expect(invoke.status).toBe(400);
    expect(String((invoke.json as { error?: unknown }).error)).toContain('unsupported invoke');
    expect(connectorCount(h)).toBe(before);
  });

  it('a well-formed message with a valid token is served', async () => {
    const activity = messageActivity('help', h.connector.url);
    const res = await postJson(h.botUrl, activity, { authorization: `Bearer ${rig.sign(h.connector.url)}` });
    expect(res.status).toBe(200);
    expect(h.connector.activities.some((a) => a.replyToId === activity.id && a.body?.type === 'message')).toBe(true);
  });
});
