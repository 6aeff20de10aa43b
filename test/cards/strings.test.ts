// The card texts as the builders see them (parity of ids and ICU arguments: test/i18n/catalogue.test.ts).
import { describe, expect, it } from 'vitest';
import { cardText } from '../../cards/strings/index.ts';

describe('card texts', () => {
  it('Japanese final texts carry both the English word and 成功/失敗', () => {
    const ja = cardText('ja');
    expect(ja('finalSucceeded', { cluster: 'aks-x' })).toMatch(/succeeded.*成功|成功.*succeeded/);
    expect(ja('finalFailed', { cluster: 'aks-x' })).toMatch(/failed.*失敗|失敗.*failed/);
  });

  it('plurals and numbers come from ICU, per language', () => {
    const en = cardText('en');
    expect(en('poolRow', { count: 1, surge: '10%' })).toBe('1 node, max surge 10%');
    expect(en('poolRow', { count: 3, surge: '1' })).toBe('3 nodes, max surge 1');
    expect(en('approvalIrreversible', { nodes: 1, pools: 1 })).toContain('(1 node in 1 pool)');
    expect(en('andMore', { count: 1200 })).toBe('…and 1,200 more');
    expect(cardText('ja')('poolRow', { count: 3, surge: '1' })).toBe('3 ノード、最大サージ 1');
  });

  it('picks the language by locale; an unknown locale gets English', () => {
    expect(cardText('ja')('factCluster')).toBe('クラスター');
    expect(cardText('en')('factCluster')).toBe('Cluster');
    expect(cardText('fr' as 'en')('factCluster')).toBe('Cluster');
  });
});
