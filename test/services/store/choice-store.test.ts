// One contract for the choice-token stores: in-process, SQLite (two connections: two "instances"
// on one file) and Azure Tables on Azurite (two clients).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPendingChoices } from '../../../bot/actions/pending-choices.ts';
import { startAzurite, type AzuriteInstance } from '../../../emulator/azurite.ts';
import { azureChoiceStore } from '../../../services/store/azure/choices.ts';
import { memoryChoiceStore, type ChoiceTokenStore } from '../../../services/store/choice-store.ts';
import { openSqliteChoiceStore } from '../../../services/store/sqlite-choices.ts';
import { openStore } from '../../../services/store/index.ts';

const T0 = Date.parse('2026-12-05T08:00:00Z');
const ref = { subscriptionId: 's', resourceGroup: 'rg', name: 'aks-1', id: '/subscriptions/s/resourceGroups/rg/x/aks-1' };

function contract(name: string, pair: () => { a: ChoiceTokenStore; b: ChoiceTokenStore }): void {
  it(`${name}: a token made on one instance answers on the other, in its conversation only, until it expires`, async () => {
    const { a, b } = pair();
    let now = T0;
    const onA = createPendingChoices({ store: a, ttlMs: 60_000, now: () => now });
    const onB = createPendingChoices({ store: b, ttlMs: 60_000, now: () => now });
    const token = await onA.put({ ref, originalText: 'check aks-1', conversationId: 'conv-1' });
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(await onB.get(token, 'conv-1')).toEqual({ ref, originalText: 'check aks-1', conversationId: 'conv-1', createdAt: T0 });
    expect(await onB.get(token, 'conv-2')).toBeUndefined();
    expect(await onB.get('no-such-token', 'conv-1')).toBeUndefined();
    await expect(a.put({ token, conversationId: 'c', payload: {}, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + 1).toISOString() }))
      .rejects.toThrow();
    now += 60_001;
    expect(await onB.get(token, 'conv-1')).toBeUndefined();
    expect(await onA.get(token, 'conv-1')).toBeUndefined();
  });
}

describe('choice token stores', () => {
  const dirs: string[] = [];
  let azurite: AzuriteInstance;
  let n = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 30_000);
  afterAll(async () => {
    await azurite?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  contract('in-process', () => {
    const one = memoryChoiceStore();
    return { a: one, b: one };
  });

  contract('SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-choices-'));
    dirs.push(dir);
    openStore(dir).close();
    return { a: openSqliteChoiceStore(dir), b: openSqliteChoiceStore(dir) };
  });

  contract('Azure Tables (Azurite)', () => {
    const table = `choices${++n}`;
    const client = () => TableClient.fromConnectionString(azurite.connectionString, table, { allowInsecureConnection: true });
    return { a: azureChoiceStore(client()), b: azureChoiceStore(client()) };
  });

  it('a stored payload that is not a choice is treated as expired', async () => {
    const store = memoryChoiceStore();
    await store.put({ token: 't', conversationId: 'c', payload: { ref: 'nope' }, createdAt: new Date(T0).toISOString(),
      expiresAt: new Date(T0 + 1000).toISOString() });
    expect(await createPendingChoices({ store, now: () => T0 }).get('t', 'c')).toBeUndefined();
  });
});
