// Attack: invokes NetPilot does not serve (names Teams uses for other features, and random ones).
// They used to get a 501 from botbuilder's default handler.
import { describe, expect, it } from 'vitest';
import { startHarness } from '../bot/harness.ts';
import { cardActionActivity, expectRefused } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('invoke names other than adaptiveCard/action', () => {
  const h = sharedFixture(() => startHarness());

  for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState', 'fileConsent/invoke', 'config/fetch', 'healthCheck', 'no/such/invoke', 'ADAPTIVECARD/ACTION']) {
    it(`${name}: 400 saying it is unsupported, no chat message`, async () => {
      const res = await expectRefused(h, { ...cardActionActivity(h.connector.url, { action: { type: 'Action.Execute', verb: 'approve', data: {} } }), name });
      expect(String((res.json as { error?: unknown }).error)).toMatch(/unsupported invoke/);
    });
  }

  it('an invoke without a name is malformed (400)', async () => {
    const { name: _drop, ...rest } = cardActionActivity(h.connector.url, { action: { type: 'Action.Execute', verb: 'approve', data: {} } });
    const res = await expectRefused(h, rest);
    expect(JSON.stringify(res.json)).toContain('name');
  });
});
