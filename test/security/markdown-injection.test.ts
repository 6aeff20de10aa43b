// Attack: text that renders as a link, mention or formatting when the bot echoes it into a card
// (an unknown command on the help card, a cluster name on the not-found card).
import { describe, expect, it } from 'vitest';
import { cardOf, cardText, startHarness } from '../bot/harness.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('markdown in echoed user text', () => {
  const h = sharedFixture(() => startHarness());

  it('an unknown command with a link comes back escaped on the help card', async () => {
    const { status, replies } = await h.say('[click](https://evil.example) **now**');
    expect(status).toBe(200);
    const card = cardOf(replies[0]);
    expect(card).toBeDefined();
    const text = cardText(card);
    expect(text).toContain('\\[click\\]\\(https://evil.example\\) \\*\\*now\\*\\*');
    expect(text).not.toMatch(/(^|[^\\])\[click\]\(/);
  });

  it('a cluster name with emphasis marks comes back escaped on the not-found card', async () => {
    const { replies } = await h.say('check aks_evil_');
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('aks\\_evil\\_');
    expect(text).not.toMatch(/(^|[^\\])_evil/);
  });
});
