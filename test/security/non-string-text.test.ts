// Attack: a message whose text is not a string. It used to throw in the command parser and make
// the bot post its turn-error text.
import { describe, expect, it } from 'vitest';
import { messageActivity, startHarness } from '../bot/harness.ts';
import { expectRefused, postJson } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('message text that is not a string', () => {
  const h = sharedFixture(() => startHarness());

  for (const text of [42, { value: 'help' }, ['help'], true]) {
    it(`${JSON.stringify(text)}: 400 naming text, no chat message`, async () => {
      const res = await expectRefused(h, { ...messageActivity('help', h.connector.url), text });
      expect(JSON.stringify(res.json)).toContain('text');
    });
  }

  it('other malformed common fields are refused the same way (from, conversation, recipient, locale, channelData.tenant)', async () => {
    const base = messageActivity('help', h.connector.url);
    for (const broken of [
      { from: { name: 'x' } },
      { from: { id: '29:x', aadObjectId: 5 } },
      { conversation: 'a:1' },
      { conversation: { id: 1 } },
      { recipient: null },
      { locale: 3 },
      { channelData: { tenant: { id: 7 } } },
      { type: 7 },
      { id: 12 },
    ]) {
      await expectRefused(h, { ...base, ...broken });
    }
  });

  it('a well-formed message with null optional fields is served (nulls read as absent)', async () => {
    const activity = { ...messageActivity('help', h.connector.url), locale: null, replyToId: null };
    const res = await postJson(h.botUrl, activity);
    expect(res.status).toBe(200);
    expect(h.connector.activities.some((a) => a.replyToId === activity.id && a.body?.type === 'message')).toBe(true);
  });
});
