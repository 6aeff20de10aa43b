import { describe, expect, it } from 'vitest';
import { demoCards } from '../../cards/render/demo-cards.ts';
import { toAttachment } from '../../cards/types.ts';
import { validateCard } from '../../cards/validate.ts';
import { jsonBytes } from './helpers.ts';

const LOCALES = ['en', 'ja'] as const;

describe.each(LOCALES)('every demo card (%s)', (locale) => {
  const cards = demoCards(locale);

  it('covers every builder', () => {
    expect(Object.keys(cards)).toEqual(expect.arrayContaining([
      'preflight', 'help', 'cluster-list', 'choose-cluster', 'error', 'not-found', 'approval',
      'approval-readonly', 'decided', 'refusal', 'history', 'progress', 'final-succeeded', 'final-failed',
    ]));
  });

  it.each(Object.keys(cards))('%s is a valid Teams card', (name) => {
    const card = cards[name];
    expect(validateCard(card)).toEqual([]);
    expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    expect(card.msteams?.width).toBe('Full');
    expect(jsonBytes(card)).toBeLessThan(80 * 1024);
  });

  it.each(Object.keys(cards))('%s matches its file snapshot', async (name) => {
    await expect(JSON.stringify(cards[name], null, 2) + '\n').toMatchFileSnapshot(`__snapshots__/${locale}/${name}.json`);
  });
});

describe('toAttachment', () => {
  it('wraps a card with the Adaptive Card content type', () => {
    const card = demoCards('en').error;
    expect(toAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
  });
});
