// The ETag path of the Azure plan, schedule and digest stores, made deterministic: instance A's read
// is followed, before A writes, by instance B's write of the same entity (exactly the interleaving two
// NetPilot instances can produce). A must then lose: its conditional write gets 412/409 and it answers
// false, as SQLite's guarded UPDATE / primary key would. On Azurite.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../../emulator/azurite.ts';
import { StorageBridge } from '../../../services/store/azure/bridge.ts';
import { azureDigestStore } from '../../../services/store/azure/digests.ts';
import { azureAuditStore } from '../../../services/store/azure/audit.ts';
import { AZURE_TABLES, openAzureStore, verifyAzureStoreAudit } from '../../../services/store/azure/factory.ts';
import { azurePlanStore } from '../../../services/store/azure/plans.ts';
import { azureScheduleStore } from '../../../services/store/azure/schedules.ts';
import { SyncTable, UndoLog, type Entity } from '../../../services/store/azure/table.ts';
import type { Store } from '../../../services/store/index.ts';
import { plan, schedule } from './contract/fixtures.ts';

/** A table whose next `get` runs `between` after reading (another instance writing in between), or
 * `before` just before reading (another instance wrote between this read and the one before it). */
class InterleavedTable extends SyncTable {
  between: (() => void) | undefined;
  before: (() => void) | undefined;
  override get(pk: string, rk: string): Entity | undefined {
    const first = this.before;
    this.before = undefined;
    first?.();
    const found = super.get(pk, rk);
    const run = this.between;
    this.between = undefined;
    run?.();
    return found;
  }
}

let azurite: AzuriteInstance;
let bridge: StorageBridge;
const stores: Store[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
  bridge = await StorageBridge.start({ connectionString: azurite.connectionString, allowInsecureConnection: true });
}, 60_000);
afterEach(() => { for (const s of stores.splice(0)) s.close(); });
afterAll(async () => {
  await bridge?.close();
  await azurite?.stop();
});

/** Instance B (a whole store) and instance A's table of `name` on the same fresh data set. */
async function pair(name: keyof typeof AZURE_TABLES): Promise<{ b: Store; table: InterleavedTable; undo: UndoLog; tablePrefix: string }> {
  const tablePrefix = `i${randomBytes(6).toString('hex')}`;
  const b = await openAzureStore({ connectionString: azurite.connectionString, tablePrefix });
  stores.push(b);
  return { b, table: new InterleavedTable(bridge, `${tablePrefix}${AZURE_TABLES[name]}`), undo: new UndoLog(), tablePrefix };
}

describe('Azure store: a write landing between read and write loses (ETag)', () => {
  it('plans.update: B updates the version A read; A gets false and B\'s change stays', async () => {
    const { b, tablePrefix: _p, ...ctx } = await pair('plans');
    const a = azurePlanStore(ctx);
    b.plans.insert(plan('p1'));
    ctx.table.between = () => expect(b.plans.update('p1', 1, { state: 'done', updatedAt: 'by-b' })).toBe(true);
    expect(a.update('p1', 1, { state: 'replaced', updatedAt: 'by-a' })).toBe(false);
    expect(a.get('p1')).toMatchObject({ state: 'done', version: 2, updatedAt: 'by-b' });
  });

  it('schedules.settle: B settles the start A read as waiting; A gets false', async () => {
    const { b, tablePrefix: _p, ...ctx } = await pair('schedules');
    const a = azureScheduleStore(ctx);
    b.schedules.insert(schedule('r1'));
    ctx.table.between = () => expect(b.schedules.settle('r1', 'cancelled', 'by-b')).toBe(true);
    expect(a.settle('r1', 'started', 'by-a')).toBe(false);
    expect(a.get('r1')).toMatchObject({ state: 'cancelled', updatedAt: 'by-b' });
  });

  it('digests.claim: B claims the period A found free, and B takes over the stale claim A read; A loses both', async () => {
    const { b, tablePrefix: _p, ...ctx } = await pair('digests');
    const a = azureDigestStore(ctx);
    const stale = '2026-12-07T08:50:00.000Z';
    ctx.table.between = () => expect(b.digests.claim('c1', 'w1', '2026-12-07T09:00:00.000Z', stale)).toBe(true);
    expect(a.claim('c1', 'w1', '2026-12-07T09:00:00.000Z', stale)).toBe(false);
    const later = ['2026-12-07T09:20:00.000Z', '2026-12-07T09:10:00.000Z'] as const;
    ctx.table.between = () => expect(b.digests.claim('c1', 'w1', ...later)).toBe(true);
    expect(a.claim('c1', 'w1', ...later)).toBe(false);
    expect(a.getPost('c1', 'w1')).toMatchObject({ state: 'claimed', claimedAt: later[0] });
  });

  it('digests.disable: B switches the channel off after A read it on; only B reports it was on', async () => {
    const { b, tablePrefix: _p, ...ctx } = await pair('digests');
    const a = azureDigestStore(ctx);
    b.digests.enable('c1', 't', 'en');
    ctx.table.between = () => expect(b.digests.disable('c1')).toBe(true);
    expect(a.disable('c1')).toBe(false);
    expect(a.get('c1')?.enabled).toBe(false);
  });

  it('audit.append: B appends after A listed the newest row but before A read the head; A chains onto B\'s row', async () => {
    const { b, table: head, tablePrefix } = await pair('auditHead');
    const a = azureAuditStore(new SyncTable(bridge, `${tablePrefix}${AZURE_TABLES.audit}`), head);
    const entry = (who: string) => ({ kind: 'approved' as const, requestId: 'r1', clusterId: '/c', at: 't', actor: { id: who, name: who } });
    expect(b.audit.append(entry('b')).seq).toBe(1);
    head.before = () => expect(b.audit.append(entry('b')).seq).toBe(2);
    expect(a.append(entry('a')).seq).toBe(3);
    expect(await verifyAzureStoreAudit({ connectionString: azurite.connectionString, tablePrefix })).toMatchObject({ ok: true, entries: 3 });
  });
});
