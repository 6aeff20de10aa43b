// Attack: bodies far larger than any Teams activity, declared (Content-Length) or streamed (chunked).
import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_BYTES } from '../../bot/activity-body.ts';
import { messageActivity, startHarness } from '../bot/harness.ts';
import { alive, connectorCount, postJson, rawRequest } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('oversize bodies', () => {
  const h = sharedFixture(() => startHarness());

  it('a declared oversize body is refused with 413 and nothing is sent', async () => {
    const before = connectorCount(h);
    const activity = { ...messageActivity('help', h.connector.url), padding: 'x'.repeat(MAX_ACTIVITY_BYTES + 1) };
    const res = await postJson(h.botUrl, activity);
    expect(res.status).toBe(413);
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('a chunked body that grows past the cap is refused with 413 too', async () => {
    const before = connectorCount(h);
    const activity = { ...messageActivity('help', h.connector.url), padding: 'y'.repeat(3 * MAX_ACTIVITY_BYTES) };
    const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), chunked: true });
    expect(res.status).toBe(413);
    expect(await alive(h.botUrl)).toBe(true);
    expect(connectorCount(h)).toBe(before);
  });

  it('a large but allowed activity (300 KB) is still served', async () => {
    const activity = { ...messageActivity('help', h.connector.url), padding: 'z'.repeat(300 * 1024) };
    const res = await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), chunked: true });
    expect(res.status).toBe(200);
    expect(h.connector.activities.filter((a) => a.replyToId === activity.id && a.body?.type === 'message')).toHaveLength(1);
  });
});
