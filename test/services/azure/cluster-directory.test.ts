import { describe, expect, it } from 'vitest';
import { UserError } from '../../../services/cluster/errors.ts';
import { closestNames, parseClusterQuery } from '../../../services/azure/cluster-directory.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`;

describe('parseClusterQuery', () => {
  it('parses a name, rg/name and a full resource id', () => {
    expect(parseClusterQuery('aks-legacy')).toEqual({ name: 'aks-legacy' });
    expect(parseClusterQuery(' rg-demo/aks-legacy ')).toEqual({ name: 'aks-legacy', resourceGroup: 'rg-demo' });
    expect(parseClusterQuery(ID)).toEqual({ name: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: SUB });
    expect(parseClusterQuery(ID.toLowerCase())).toEqual({ name: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: SUB });
  });

  it('fills resource group and subscription from -g / -s', () => {
    expect(parseClusterQuery('aks-legacy', { resourceGroup: 'rg-demo', subscriptionId: SUB })).toEqual({ name: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: SUB });
    expect(parseClusterQuery('rg-demo/aks-legacy', { resourceGroup: 'RG-DEMO' })).toEqual({ name: 'aks-legacy', resourceGroup: 'rg-demo' });
  });

  it.each([
    ['rg-a/aks', { resourceGroup: 'rg-b' }],
    [ID, { subscriptionId: '00000000-0000-0000-0000-000000000000' }],
    ['a/b/c', {}],
    ['/rg/', {}],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`, {}],
  ])('refuses %s %j with a UserError', (text, opts) => {
    expect(() => parseClusterQuery(text, opts)).toThrow(UserError);
  });
});

describe('closestNames', () => {
  const names = ['aks-legacy', 'aks-kubenet', 'aks-calico', 'aks-overlay', 'aks-cilium'];
  it('ranks by edit distance and drops far names', () => {
    expect(closestNames('aks-legacyy', names)).toEqual(['aks-legacy']);
    expect(closestNames('aks-cilum', names)[0]).toBe('aks-cilium');
    expect(closestNames('totally-different', names)).toEqual([]);
    expect(closestNames('legacy', names)).toEqual(['aks-legacy']);
    expect(closestNames('aks-c', names, 2)).toHaveLength(2);
  });
});
