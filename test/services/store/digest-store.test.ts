// The SQLite DigestStore (schema 7): channels on/off, a period claimed by exactly one sender, a
// stale claim taken again, fleet records (first wins), everything kept across a reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../services/store/index.ts';
import type { DigestStore, Store } from '../../../services/store/types.ts';

const dirs: string[] = [];
const stores: Store[] = [];
function open(dir?: string): { dir: string; store: Store; digests: DigestStore } {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'np-digest-'));
  if (!dir) dirs.push(d);
  const store = openStore(d);
  stores.push(store);
  if (!store.digests) throw new Error('the SQLite store has no digests');
  return { dir: d, store, digests: store.digests };
}
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* already closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CH = '19:general@thread.tacv2';
const P1 = '2026-12-07T09:00:00.000Z';
const P2 = '2026-12-14T09:00:00.000Z';

describe('SQLite DigestStore', () => {
  it('is at schema version 7', () => {
    expect(open().store.schemaVersion).toBeGreaterThanOrEqual(7);
  });

  it('switches a channel on and off; enabling again moves enabledAt', () => {
    const { digests } = open();
    expect(digests.get(CH)).toBeUndefined();
    expect(digests.disable(CH)).toBe(false);
    digests.enable(CH, '2026-12-01T00:00:00.000Z', 'ja');
    expect(digests.get(CH)).toEqual({ conversationId: CH, enabled: true, enabledAt: '2026-12-01T00:00:00.000Z', locale: 'ja' });
    expect(digests.listEnabled().map((c) => c.conversationId)).toEqual([CH]);
    expect(digests.disable(CH)).toBe(true);
    expect(digests.disable(CH)).toBe(false);
    expect(digests.listEnabled()).toEqual([]);
    digests.enable(CH, '2026-12-03T00:00:00.000Z', 'en');
    expect(digests.get(CH)).toMatchObject({ enabled: true, enabledAt: '2026-12-03T00:00:00.000Z', locale: 'en' });
  });

  it('lets exactly one sender claim a period, also from a second connection', () => {
    const { dir, digests } = open();
    const other = open(dir).digests;
    const stale = '2026-12-07T08:50:00.000Z';
    expect(digests.claim(CH, P1, '2026-12-07T09:00:00.000Z', stale)).toBe(true);
    expect(other.claim(CH, P1, '2026-12-07T09:00:01.000Z', stale)).toBe(false);
    expect(digests.claim(CH, P1, '2026-12-07T09:00:02.000Z', stale)).toBe(false);
    expect(digests.lastPosted(CH)).toBeUndefined();
    digests.markPosted(CH, P1, '2026-12-07T09:00:03.000Z', 'act-1');
    expect(other.getPost(CH, P1)).toMatchObject({ state: 'posted', activityId: 'act-1', postedAt: '2026-12-07T09:00:03.000Z' });
    expect(other.lastPosted(CH)?.period).toBe(P1);
    // a posted period is never claimed again, however old
    expect(other.claim(CH, P1, '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toBe(false);
    // another channel, the same period: its own claim
    expect(other.claim('19:other@thread.tacv2', P1, '2026-12-07T09:00:00.000Z', stale)).toBe(true);
  });

  it('takes back a claim that was never confirmed once it is older than the lease, not before', () => {
    const { digests } = open();
    expect(digests.claim(CH, P1, '2026-12-07T09:00:00.000Z', '2026-12-07T08:50:00.000Z')).toBe(true);
    // a restart 1 minute later: the claim is fresh (another sender may be posting it)
    expect(digests.claim(CH, P1, '2026-12-07T09:01:00.000Z', '2026-12-07T08:51:00.000Z')).toBe(false);
    // 11 minutes later: stale, taken once
    expect(digests.claim(CH, P1, '2026-12-07T09:11:00.000Z', '2026-12-07T09:01:00.000Z')).toBe(true);
    expect(digests.claim(CH, P1, '2026-12-07T09:11:00.000Z', '2026-12-07T09:01:00.000Z')).toBe(false);
  });

  it('keeps the first record of a period and finds the latest one before a period, across a reopen', () => {
    const { dir, store, digests } = open();
    digests.saveRecord(P1, { at: P1, clusters: [], unread: 0 }, P1);
    digests.saveRecord(P1, { at: 'later', clusters: [], unread: 9 }, P1);
    expect(digests.getRecord(P1)).toEqual({ at: P1, clusters: [], unread: 0 });
    expect(digests.latestRecordBefore(P1)).toBeUndefined();
    digests.enable(CH, P1, 'en');
    store.close();
    const again = open(dir).digests;
    expect(again.latestRecordBefore(P2)).toEqual({ period: P1, record: { at: P1, clusters: [], unread: 0 } });
    expect(again.get(CH)?.enabled).toBe(true);
  });
});
