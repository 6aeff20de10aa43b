import { describe, expect, it } from 'vitest';
import { CardTemplateError, expandTemplate, findPlaceholders, renderSharedTemplate, renderTemplate } from '../../cards/template.ts';

const tpl = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hello ${name}' },
    { type: 'TextBlock', $data: '${items}', text: '${label}' },
  ],
};

describe('expandTemplate', () => {
  it('fills placeholders from typed data', () => {
    const card = expandTemplate(tpl, { name: 'aks-legacy', items: [{ label: 'a' }, { label: 'b' }] });
    expect(card.body.map((b) => b.text)).toEqual(['Hello aks-legacy', 'a', 'b']);
  });

  it('throws on a placeholder the data does not fill', () => {
    expect(() => expandTemplate(tpl, { items: [] })).toThrow(CardTemplateError);
    expect(() => expandTemplate(tpl, { items: [] })).toThrow(/unfilled placeholders.*Hello \$\{name\}/);
  });

  it('throws on an unfilled placeholder inside a repeated item', () => {
    expect(() => expandTemplate(tpl, { name: 'x', items: [{ other: 1 }] })).toThrow(CardTemplateError);
  });

  it('does not mistake user text containing "${" for a leak', () => {
    const card = expandTemplate(tpl, { name: 'literally ${oops}', items: [] });
    expect(String(card.body[0].text)).toMatch(/^Hello literally \$\u200b\{oops\}$/);
  });

  it('drops sections switched off with $when instead of leaving nulls', () => {
    const card = expandTemplate(
      { type: 'AdaptiveCard', version: '1.5', refresh: { $when: '${on}', action: { type: 'Action.Execute', verb: 'refresh' } }, body: [], actions: [{ $when: '${on}', type: 'Action.Execute', verb: 'x' }] },
      { on: false },
    );
    expect(card).not.toHaveProperty('refresh');
    expect(card).not.toHaveProperty('actions');
  });

  it('refuses a template that is not an AdaptiveCard', () => {
    expect(() => expandTemplate({ type: 'Other' }, {})).toThrow(/not an AdaptiveCard/);
  });
});

describe('renderTemplate', () => {
  it('reads templates from cards/templates and fails loudly on missing data', () => {
    expect(() => renderTemplate('error', { title: 'T', message: 'M', hint: '' })).toThrow(/unfilled placeholders/);
    const card = renderTemplate('error', { title: 'T', message: 'M', hint: '', code: '' });
    expect(findPlaceholders(card)).toEqual([]);
  });
});

describe('renderSharedTemplate', () => {
  const data = { title: 'Shared', message: 'M', hint: '', code: '' };

  it('hands out one deeply frozen card; renderTemplate still hands out free copies of it', () => {
    const shared = renderSharedTemplate('error', data);
    expect(renderSharedTemplate('error', { ...data })).toBe(shared);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(shared.body)).toBe(true);
    expect(Object.isFrozen(shared.body[0])).toBe(true);
    expect(() => (shared.body as unknown[]).push({})).toThrow(TypeError);
    const copy = renderTemplate('error', data);
    expect(copy).toEqual(shared);
    expect(copy).not.toBe(shared);
    copy.body.push({ type: 'TextBlock', text: 'added' });
    (copy.body[0] as { text?: string }).text = 'changed';
    expect(renderTemplate('error', data)).toEqual(shared);
    expect(renderSharedTemplate('error', data).body).toHaveLength(shared.body.length);
  });
});

describe('findPlaceholders', () => {
  it('reports the path of each leftover', () => {
    expect(findPlaceholders({ a: ['ok', { b: 'x ${y}' }] })).toEqual(['$.a[1].b: x ${y}']);
  });
});
