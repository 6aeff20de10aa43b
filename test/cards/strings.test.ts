import { describe, expect, it } from 'vitest';
import { en } from '../../cards/strings/en.ts';
import { ja } from '../../cards/strings/ja.ts';
import { catalogue, fill } from '../../cards/strings/index.ts';

const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('card string catalogues', () => {
  it('have exactly the same keys in English and Japanese', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same {slots} for each key', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, slots: slots(ja[key]) }).toEqual({ key, slots: slots(en[key]) });
    }
  });

  it('have no empty strings', () => {
    for (const cat of [en, ja]) for (const [key, text] of Object.entries(cat)) expect({ key, text }).not.toEqual({ key, text: '' });
  });

  it('Japanese final texts carry both the English word and 成功/失敗', () => {
    expect(ja.finalSucceeded).toMatch(/succeeded/);
    expect(ja.finalSucceeded).toMatch(/成功/);
    expect(ja.finalFailed).toMatch(/failed/);
    expect(ja.finalFailed).toMatch(/失敗/);
  });
});

describe('fill', () => {
  it('fills known slots and leaves unknown ones visible', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
  it('catalogue picks by locale', () => {
    expect(catalogue('ja')).toBe(ja);
    expect(catalogue('en')).toBe(en);
  });
});
