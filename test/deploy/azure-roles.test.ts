// The least-privilege Azure custom roles shipped under deploy/: valid role definitions (the fields
// `az role definition create` reads) with exactly the actions the README documents, and nothing more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface RoleDefinition {
  Name: string; IsCustom: boolean; Description: string;
  Actions: string[]; NotActions: string[]; DataActions: string[]; NotDataActions: string[]; AssignableScopes: string[];
}

const read = (file: string): RoleDefinition => JSON.parse(readFileSync(join(process.cwd(), 'deploy', file), 'utf8')) as RoleDefinition;
const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');

describe('deploy/netpilot-operator-role.json', () => {
  const role = read('netpilot-operator-role.json');

  it('is a custom role definition with exactly the update actions', () => {
    expect(role.IsCustom).toBe(true);
    expect(role.Name).toMatch(/\S/);
    expect([...role.Actions].sort()).toEqual([
      'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
      'Microsoft.ContainerService/managedClusters/read',
      'Microsoft.ContainerService/managedClusters/write',
      'Microsoft.Network/routeTables/read',
      'Microsoft.Network/virtualNetworks/read',
    ]);
    expect(role.Actions.some((a) => a.includes('*'))).toBe(false);
    expect(role.NotActions).toEqual([]);
    expect(role.DataActions).toEqual([]);
    expect(role.NotDataActions).toEqual([]);
    expect(role.AssignableScopes).toEqual(['/subscriptions/00000000-0000-0000-0000-000000000000']);
  });

  it('the README names the file and lists the same actions', () => {
    expect(readme).toContain('deploy/netpilot-operator-role.json');
    for (const action of role.Actions) expect(readme).toContain(action);
  });
});

describe('deploy/netpilot-run-command-role.json', () => {
  const role = read('netpilot-run-command-role.json');
  it('holds runCommand only, and the README says why (private clusters)', () => {
    expect(role.IsCustom).toBe(true);
    expect(role.Actions).toEqual(['Microsoft.ContainerService/managedClusters/runCommand/action']);
    expect(role.DataActions).toEqual([]);
    expect(readme).toContain('deploy/netpilot-run-command-role.json');
    expect(readme).toMatch(/runCommand[^\n]*private/i);
  });
});
