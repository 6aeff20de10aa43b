import { describe, expect, it } from 'vitest';
import { validateCard } from '../../cards/validate.ts';

const base = (body: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'AdaptiveCard', version: '1.5', body, ...extra });

describe('validateCard', () => {
  it('accepts a small valid card', () => {
    expect(validateCard(base([{ type: 'TextBlock', text: 'hi', wrap: true }]))).toEqual([]);
  });

  it('reports unknown element types', () => {
    expect(validateCard(base([{ type: 'Marquee', text: 'hi' }])).join('\n')).toMatch(/UnknownElementType.*Marquee/);
  });

  it('reports unknown action types', () => {
    expect(validateCard(base([], { actions: [{ type: 'Action.Teleport', title: 'go' }] })).join('\n')).toMatch(/UnknownActionType/);
  });

  it('reports invalid property values', () => {
    expect(validateCard(base([{ type: 'TextBlock', text: 'x', color: 'Purple' }])).join('\n')).toMatch(/InvalidPropertyValue.*color/);
  });

  it('reports duplicate ids and required inputs without label', () => {
    const problems = validateCard(base([
      { type: 'Input.Text', id: 'confirm', isRequired: true },
      { type: 'Input.Text', id: 'confirm', label: 'x', errorMessage: 'y' },
    ])).join('\n');
    expect(problems).toMatch(/DuplicateId/);
    expect(problems).toMatch(/RequiredInputsShouldHaveLabel/);
  });

  it('reports versions above 1.5', () => {
    expect(validateCard({ ...base([]), version: '1.6' }).join('\n')).toMatch(/version "1.6"/);
  });

  it('reports toggles that target a missing element', () => {
    const card = base([{ type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 't', targetElements: ['nowhere'] }] }]);
    expect(validateCard(card).join('\n')).toMatch(/unknown element "nowhere"/);
  });

  it('reports leftover placeholders', () => {
    expect(validateCard(base([{ type: 'TextBlock', text: '${x}' }])).join('\n')).toMatch(/unfilled placeholder/);
  });

  it('rejects non-cards', () => {
    expect(validateCard({ type: 'Message' })).toEqual(['not an AdaptiveCard object']);
    expect(validateCard(null)).toEqual(['not an AdaptiveCard object']);
  });
});
