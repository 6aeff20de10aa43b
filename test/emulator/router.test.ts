// The ARM route table: case-insensitive literals, raw parameters, 405 vs no match, no duplicates.
import { describe, expect, it } from 'vitest';
import { Router } from '../../emulator/router.ts';

describe('emulator router', () => {
  const router = new Router<string>([
    { method: 'GET', pattern: '/subscriptions/:sub/resourceGroups/:rg', handler: 'rg' },
    { method: 'POST', pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters/:name/runCommand', handler: 'run' },
  ]);

  it('matches literals case-insensitively and keeps parameters as sent', () => {
    expect(router.match('GET', ['SUBSCRIPTIONS', 'S1', 'resourcegroups', 'RG-Demo'])).toEqual({ kind: 'found', handler: 'rg', params: { sub: 'S1', rg: 'RG-Demo' } });
    expect(router.match('POST', ['subscriptions', 's', 'resourceGroups', 'g', 'providers', 'microsoft.containerservice', 'MANAGEDCLUSTERS', 'Aks', 'RunCommand']))
      .toMatchObject({ kind: 'found', handler: 'run', params: { name: 'Aks' } });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('DELETE', ['subscriptions', 's', 'resourceGroups', 'g'])).toEqual({ kind: 'method-not-allowed' });
    expect(router.match('GET', ['subscriptions', 's', 'nope', 'g'])).toEqual({ kind: 'none' });
  });

  it('refuses duplicate routes at construction', () => {
    expect(() => new Router([{ method: 'GET', pattern: '/a/:x', handler: 1 }, { method: 'GET', pattern: '/A/:x', handler: 2 }])).toThrow(/duplicate route/);
  });
});
