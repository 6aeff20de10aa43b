// The weekly readiness digest on Azure Tables, one table, three kinds of partition:
// - `channel`, row key = safeKey(conversation id): the channel's switch (`enabled`, `enabledAt`, `locale`);
// - `post:<safeKey(conversation id)>`, row key = safeKey(period): the channel's claimed-then-posted row.
//   `claim` is a create (409: another sender has it), and taking over a stale claim replaces at the
//   ETag read, so of several instances exactly one wins a period (as SQLite's primary key + guarded update);
// - `record`, row key = safeKey(period): the fleet record (`packJson` as `record0..N`), created once
//   (the first saved wins). Lists filter with `odata` and sort in code (row keys are base64url).
import { odata } from '@azure/data-tables';
import type { DigestChannel, DigestPost, DigestStore } from '../types.ts';
import { optStr, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

const CHANNEL = 'channel';
const RECORD = 'record';
const ATTEMPTS = 10;
const postPk = (conversationId: string): string => `post:${safeKey(conversationId)}`;

/** Binary string order (SQLite's default collation). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const latest = <T extends { period: string }>(rows: T[]): T | undefined =>
  rows.reduce<T | undefined>((best, r) => (!best || cmp(r.period, best.period) > 0 ? r : best), undefined);

const toChannel = (e: Entity): DigestChannel => ({
  conversationId: e.conversationId as string, enabled: e.enabled === true, enabledAt: e.enabledAt as string, locale: e.locale as string,
});

const toPost = (e: Entity): DigestPost => {
  const postedAt = optStr(e.postedAt);
  const activityId = optStr(e.activityId);
  return {
    conversationId: e.conversationId as string, period: e.period as string, state: e.state === 'posted' ? 'posted' : 'claimed',
    claimedAt: e.claimedAt as string, ...(postedAt !== undefined ? { postedAt } : {}), ...(activityId !== undefined ? { activityId } : {}),
  };
};

export function azureDigestStore({ table, undo }: SubStoreContext): DigestStore {
  const post = (conversationId: string, period: string) => ({ partitionKey: postPk(conversationId), rowKey: safeKey(period), conversationId, period });
  return {
    enable(conversationId, at, locale) {
      table.upsert({ partitionKey: CHANNEL, rowKey: safeKey(conversationId), conversationId, enabled: true, enabledAt: at, locale });
    },
    disable(conversationId) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const e = table.get(CHANNEL, safeKey(conversationId));
        if (!e || e.enabled !== true) return false;
        const etag = table.replace({ partitionKey: CHANNEL, rowKey: e.rowKey, enabled: false }, e.etag, 'Merge');
        if (etag) {
          undo.onUndo(() => table.replace({ partitionKey: CHANNEL, rowKey: e.rowKey, enabled: true }, etag, 'Merge'));
          return true;
        }
      }
      throw new Error(`digest channel ${conversationId} keeps changing; try again`);
    },
    get(conversationId) {
      const e = table.get(CHANNEL, safeKey(conversationId));
      return e ? toChannel(e) : undefined;
    },
    listEnabled() {
      return table.list(odata`PartitionKey eq ${CHANNEL} and enabled eq ${true}`).map(toChannel)
        .sort((a, b) => cmp(a.conversationId, b.conversationId));
    },
    lastPosted(conversationId) {
      return latest(table.list(odata`PartitionKey eq ${postPk(conversationId)} and state eq ${'posted'}`).map(toPost));
    },
    claim(conversationId, period, at, staleBefore) {
      const row = post(conversationId, period);
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const e = table.get(row.partitionKey, row.rowKey);
        if (!e) {
          const etag = table.create({ ...row, state: 'claimed', claimedAt: at });
          if (etag) {
            undo.onUndo(() => table.delete(row.partitionKey, row.rowKey, etag));
            return true;
          }
          continue; // another sender created it first: read what it wrote
        }
        if (e.state !== 'claimed' || !(String(e.claimedAt) < staleBefore)) return false;
        // a claim never confirmed and older than the lease: take it over, unless another sender just did
        const etag = table.replace({ ...row, claimedAt: at }, e.etag, 'Merge');
        if (!etag) return false;
        undo.onUndo(() => table.replace({ ...row, claimedAt: e.claimedAt }, etag, 'Merge'));
        return true;
      }
      throw new Error(`digest ${period} of ${conversationId} keeps changing; try again`);
    },
    markPosted(conversationId, period, at, activityId) {
      const row = post(conversationId, period);
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const e = table.get(row.partitionKey, row.rowKey);
        if (!e) return; // never claimed: nothing to mark (as SQLite's UPDATE of no row)
        const next = { ...row, state: 'posted', claimedAt: e.claimedAt, postedAt: at, ...(activityId !== undefined ? { activityId } : {}) };
        const etag = table.replace(next, e.etag);
        if (etag) {
          const { etag: _old, ...before } = e;
          undo.onUndo(() => table.replace(before, etag));
          return;
        }
      }
      throw new Error(`digest ${period} of ${conversationId} keeps changing; try again`);
    },
    getPost(conversationId, period) {
      const e = table.get(postPk(conversationId), safeKey(period));
      return e ? toPost(e) : undefined;
    },
    saveRecord(period, record, at) {
      const etag = table.create({ partitionKey: RECORD, rowKey: safeKey(period), period, savedAt: at, ...packJson(record, 'record') });
      if (etag) undo.onUndo(() => table.delete(RECORD, safeKey(period), etag));
      // undefined: a record of this period exists already; the first one saved wins
    },
    getRecord(period) {
      const e = table.get(RECORD, safeKey(period));
      return e ? unpackJson<Record<string, unknown>>(e, 'record') : undefined;
    },
    latestRecordBefore(period) {
      const found = latest(table.list(odata`PartitionKey eq ${RECORD} and period lt ${period}`).map((e) => ({ period: e.period as string, e })));
      return found ? { period: found.period, record: unpackJson<Record<string, unknown>>(found.e, 'record') } : undefined;
    },
  };
}
