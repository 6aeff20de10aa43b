// Attack: a message with a mention entity that has no `mentioned` account (or a broken one). It
// used to throw inside botbuilder's mention removal and make the bot post its turn-error text.
import { describe, expect, it } from 'vitest';
import { BOT_ID, messageActivity, startHarness } from '../bot/harness.ts';
import { expectRefused } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('mention entities that are not well-formed', () => {
  const h = sharedFixture(() => startHarness());

  const entities: Array<[string, unknown]> = [
    ['no mentioned', [{ type: 'mention', text: '<at>NetPilot</at>' }]],
    ['mentioned is null', [{ type: 'mention', mentioned: null, text: '<at>NetPilot</at>' }]],
    ['mentioned without id', [{ type: 'Mention', mentioned: { name: 'NetPilot' }, text: '<at>NetPilot</at>' }]],
    ['entity without type', [{ mentioned: { id: BOT_ID } }]],
    ['entities is not an array', { type: 'mention' }],
  ];
  for (const [name, value] of entities) {
    it(`${name}: 400, no chat message`, async () => {
      const res = await expectRefused(h, { ...messageActivity('help', h.connector.url, { conversation: 'channel' }), entities: value });
      expect(JSON.stringify(res.json)).toContain('entities');
    });
  }

  it('a mention of the bot in a message without text is malformed', async () => {
    const { text: _drop, ...rest } = messageActivity('help', h.connector.url, { conversation: 'channel' });
    await expectRefused(h, rest);
  });
});
