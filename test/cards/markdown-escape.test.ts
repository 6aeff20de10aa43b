// User text in cards is escaped so it cannot render as a link, mention or formatting: the escaper
// itself (property-tested against a CommonMark-style reader) and every builder that echoes user text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDecidedCard, buildApprovalCard } from '../../cards/approval-card.ts';
import { buildChooseClusterCard } from '../../cards/choose-cluster-card.ts';
import { buildNotFoundCard } from '../../cards/error-card.ts';
import { escapeMarkdown } from '../../cards/format.ts';
import { buildHelpCard } from '../../cards/help-card.ts';
import { buildHistoryCard } from '../../cards/history-card.ts';
import { cardText } from '../fakes/card-text.ts';
import { demoApproval, demoDecided, demoHelpCommands } from './fixtures.ts';

const EVIL = '[click](https://evil.example)';
const ESCAPED_EVIL = '\\[click\\]\\(https://evil.example\\)';

/** What a CommonMark reader shows for backslash escapes: the escaped ASCII punctuation itself. */
function visible(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Markup a reader would still act on: an unescaped special character, or a line start that opens a block. */
function activeMarkup(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') {
      i += 1;
      continue;
    }
    if ('[]()*_`#<>~'.includes(c)) found.push(`${c} at ${i}`);
  }
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^[ \t]*[-+=]/.test(line) || /^[ \t]*\d+[.)]/.test(line)) found.push(`line start: ${line.slice(0, 20)}`);
  }
  return found;
}

describe('escapeMarkdown', () => {
  it('turns a link into plain text that reads the same', () => {
    expect(escapeMarkdown(EVIL)).toBe(ESCAPED_EVIL);
    expect(visible(escapeMarkdown(EVIL))).toBe(EVIL);
  });

  it('escapes emphasis, code, headings, tags, mentions, strike-through and list starts', () => {
    const cases: Array<[string, string]> = [
      ['**bold** _it_', '\\*\\*bold\\*\\* \\_it\\_'],
      ['`code`', '\\`code\\`'],
      ['# title', '\\# title'],
      ['<at>Boss</at>', '\\<at\\>Boss\\</at\\>'],
      ['~~gone~~', '\\~\\~gone\\~\\~'],
      ['- item\n1. first\n  2) second\n+ plus\n=== ', '\\- item\n1\\. first\n  2\\) second\n\\+ plus\n\\=== '],
      ['back\\slash', 'back\\\\slash'],
      ['aks-prod 2. east', 'aks-prod 2. east'],
    ];
    for (const [input, expected] of cases) expect(escapeMarkdown(input), input).toBe(expected);
  });

  it('for any text: nothing active is left and a CommonMark reader shows the text unchanged', () => {
    const specials = fc.constantFrom('[', ']', '(', ')', '*', '_', '`', '#', '<', '>', '~', '\\', '-', '+', '=', '1.', '2)', '\n', ' ', 'a', 'https://x.example');
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.array(specials, { maxLength: 30 }).map((a) => a.join('')));
    fc.assert(
      fc.property(text, (s) => {
        const escaped = escapeMarkdown(s);
        expect(activeMarkup(escaped)).toEqual([]);
        expect(visible(escaped)).toBe(s);
      }),
      { seed: 20261205, numRuns: 2000 },
    );
  });
});

describe('builders escape the user text they echo', () => {
  it('a reject reason renders as plain text on the decided card', () => {
    const card = buildDecidedCard({ ...demoDecided, decision: 'rejected', reason: EVIL, locale: 'en' });
    const text = cardText(card);
    expect(text).toContain(ESCAPED_EVIL);
    expect(text).not.toMatch(/(^|[^\\])\[click\]\(/);
  });

  it('the decider and requester display names are escaped', () => {
    const decided = cardText(buildDecidedCard({ ...demoDecided, by: { name: '*Boss* [x](https://evil.example)' }, locale: 'en' }));
    expect(decided).toContain('\\*Boss\\* \\[x\\]\\(https://evil.example\\)');
    const approval = buildApprovalCard({
      ...demoApproval,
      request: { ...demoApproval.request, requestedBy: { name: '<at>Everyone</at>' } },
      view: 'posted',
      locale: 'en',
    });
    expect(cardText(approval)).toContain('\\<at\\>Everyone\\</at\\>');
    expect(cardText(approval)).not.toMatch(/(^|[^\\])<at>Everyone/);
  });

  it('unknown command text on the help card is escaped (also in Japanese)', () => {
    for (const locale of ['en', 'ja'] as const) {
      const text = cardText(buildHelpCard({ commands: demoHelpCommands, unknownText: EVIL, locale }));
      expect(text).toContain(ESCAPED_EVIL);
      expect(text).not.toMatch(/(^|[^\\])\[click\]\(/);
    }
  });

  it('a cluster name typed by the user is escaped on the not-found and choose-cluster cards', () => {
    expect(cardText(buildNotFoundCard({ query: EVIL, suggestions: [], locale: 'en' }))).toContain(ESCAPED_EVIL);
    const choose = buildChooseClusterCard({
      query: '_aks_',
      candidates: [{ name: 'aks', resourceGroup: 'rg', subscriptionId: '00000000-0000-0000-0000-000000000000', id: 't1' }],
      originalText: `check _aks_ ${EVIL}`,
      locale: 'en',
    });
    expect(cardText(choose)).toContain('\\_aks\\_');
    expect(cardText(choose)).toContain(`check \\_aks\\_ ${ESCAPED_EVIL}`);
  });

  it('history names and details (reject reasons, ARM messages) are escaped', () => {
    const text = cardText(buildHistoryCard({ clusterName: 'aks', entries: [{ at: '2025-06-02T01:32:00Z', event: 'rejected', by: { name: '# Admin' }, detail: EVIL }], locale: 'en' }));
    expect(text).toContain('\\# Admin');
    expect(text).toContain(ESCAPED_EVIL);
  });
});
