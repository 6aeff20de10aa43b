// Attack: an adaptiveCard/action invoke whose value has no usable `action` object. It used to get
// a 501 and a "something went wrong" message posted in the chat.
import { describe, expect, it } from 'vitest';
import { startHarness } from '../bot/harness.ts';
import { cardActionActivity, expectRefused, postJson } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('card actions without a well-formed action', () => {
  const h = sharedFixture(() => startHarness());

  const values: Array<[string, unknown]> = [
    ['{"trigger":"manual"}', { trigger: 'manual' }],
    ['{"action":null}', { action: null }],
    ['action is a string', { action: 'approve' }],
    ['verb is a number', { action: { type: 'Action.Execute', verb: 7, data: {} } }],
    ['verb missing', { action: { type: 'Action.Execute', data: {} } }],
    ['type is not Action.Execute', { action: { type: 'Action.OpenUrl', verb: 'approve', data: {} } }],
    ['no value at all', undefined],
    ['value is an array', [1, 2]],
  ];
  for (const [name, value] of values) {
    it(`${name}: 400, no chat message`, async () => {
      const res = await expectRefused(h, cardActionActivity(h.connector.url, value));
      expect(JSON.stringify(res.json)).toContain('value');
    });
  }

  it('a well-formed action with a verb NetPilot does not know gets its card answer (200), not an error', async () => {
    const res = await postJson(h.botUrl, cardActionActivity(h.connector.url, { action: { type: 'Action.Execute', verb: 'no-such-verb', data: {} }, trigger: 'manual' }));
    expect(res.status).toBe(200);
    expect((res.json as { type?: unknown }).type).toBe('application/vnd.microsoft.card.adaptive');
  });
});
