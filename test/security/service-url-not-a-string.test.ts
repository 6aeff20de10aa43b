// Attack: a message whose serviceUrl is not a string (or not an http(s) URL). It used to reach
// botbuilder's connector factory and come back as a 500.
import { describe, expect, it } from 'vitest';
import { messageActivity, startHarness } from '../bot/harness.ts';
import { expectRefused } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('serviceUrl that is not an http(s) URL string', () => {
  const h = sharedFixture(() => startHarness());

  for (const serviceUrl of [42, { href: 'http://127.0.0.1:1/' }, ['http://127.0.0.1:1/'], null, true, '', 'not a url', 'file:///etc/passwd', 'javascript:alert(1)']) {
    it(`${JSON.stringify(serviceUrl)} gets 400 naming serviceUrl, and no chat message`, async () => {
      const res = await expectRefused(h, { ...messageActivity('help', h.connector.url), serviceUrl });
      expect(JSON.stringify(res.json)).toContain('serviceUrl');
    });
  }

  it('a message without serviceUrl gets 400 as well', async () => {
    const { serviceUrl: _drop, ...rest } = messageActivity('help', h.connector.url);
    await expectRefused(h, rest);
  });
});
