// deploy/main.bicep without Bicep (`az bicep build` is not available here): its `param` and
// `resource` declarations are parsed and checked against the expected lists (types and API
// versions), and the storage it creates is checked against what the product uses (the store's
// tables, the choice table, the lease container) and the roles the identity gets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHOICE_TABLE, LEASE_CONTAINER } from '../../services/leases/coordination.ts';
import { AZURE_TABLES, DEFAULT_TABLE_PREFIX } from '../../services/store/azure/factory.ts';

const text = readFileSync(join(process.cwd(), 'deploy', 'main.bicep'), 'utf8');
const code = text.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');

/** `param name type [= default]` declarations. */
function params(src: string): Record<string, string> {
  return Object.fromEntries([...src.matchAll(/^param\s+(\w+)\s+(\w+)/gm)].map((m) => [m[1], m[2]]));
}

/** `resource symbol 'Type@version'` declarations. */
function resources(src: string): Record<string, string> {
  return Object.fromEntries([...src.matchAll(/^resource\s+(\w+)\s+'([^']+)'/gm)].map((m) => [m[1], m[2]]));
}

/** The string items of a `var name = [ ... ]` array. */
function arrayVar(src: string, name: string): string[] {
  const m = new RegExp(`^var\\s+${name}\\s*=\\s*\\[([\\s\\S]*?)^\\]`, 'm').exec(src);
  return m ? [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]) : [];
}

describe('deploy/main.bicep', () => {
  it('parses into the expected parameters', () => {
    expect(params(code)).toEqual({
      location: 'string', namePrefix: 'string', image: 'string', subscriptionIds: 'string', approvers: 'string',
      approvalChannel: 'string', replicas: 'int', leaseSeconds: 'int', botSku: 'string',
    });
  });

  it('declares exactly the expected resources (types and API versions)', () => {
    expect(resources(code)).toEqual({
      identity: 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31',
      storage: 'Microsoft.Storage/storageAccounts@2023-05-01',
      tableService: 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01',
      tables: 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01',
      blobService: 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01',
      leases: 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01',
      tableRole: 'Microsoft.Authorization/roleAssignments@2022-04-01',
      blobRole: 'Microsoft.Authorization/roleAssignments@2022-04-01',
      logs: 'Microsoft.OperationalInsights/workspaces@2023-09-01',
      insights: 'Microsoft.Insights/components@2020-02-02',
      environment: 'Microsoft.App/managedEnvironments@2024-03-01',
      app: 'Microsoft.App/containerApps@2024-03-01',
      bot: 'Microsoft.BotService/botServices@2022-09-15',
      teams: 'Microsoft.BotService/botServices/channels@2022-09-15',
    });
  });

  it('creates the tables and the lease container the product uses', () => {
    const expected = [...Object.values(AZURE_TABLES).map((t) => `${DEFAULT_TABLE_PREFIX}${t}`), CHOICE_TABLE].sort();
    expect(arrayVar(code, 'tableNames').sort()).toEqual(expected);
    expect(code).toContain(`var leaseContainer = '${LEASE_CONTAINER}'`);
  });

  it('gives the identity Storage Table and Blob Data Contributor on the account only, and runs two replicas on it', () => {
    // built-in role ids: Storage Table Data Contributor, Storage Blob Data Contributor
    expect(code).toContain("var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'");
    expect(code).toContain("var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
    const roleBlocks = [...code.matchAll(/^resource \w+Role '[^']+' = \{([\s\S]*?)^\}/gm)].map((m) => m[1]);
    expect(roleBlocks).toHaveLength(2);
    for (const block of roleBlocks) {
      expect(block).toMatch(/^\s*scope: storage$/m);
      expect(block).toContain('principalId: identity.properties.principalId');
    }
    expect(code).toMatch(/param replicas int = 2/);
    expect(code).toMatch(/minReplicas: replicas\s+maxReplicas: replicas/);
    for (const env of ["{ name: 'NETPILOT_STORE', value: 'azure' }", "{ name: 'MicrosoftAppType', value: 'UserAssignedMSI' }",
      "{ name: 'AZURE_STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.table }"]) expect(code).toContain(env);
    // no key-based access, no secret in plain env
    expect(code).toContain('allowSharedKeyAccess: false');
    expect(code).not.toMatch(/AZURE_STORAGE_CONNECTION_STRING|listKeys\(\)\.keys/);
  });

  it('is described in docs/deploy.md, linked from the README', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'deploy.md'), 'utf8');
    expect(doc).toContain('az deployment group create');
    expect(doc).toContain('deploy/main.bicep');
    for (const p of Object.keys(params(code)).filter((p) => !/location|namePrefix|botSku/.test(p))) expect(doc).toContain(p);
    expect(readFileSync(join(process.cwd(), 'README.md'), 'utf8')).toContain('docs/deploy.md');
  });
});
