// Contract, part 5: the stores of plans, scheduled starts and the weekly digest, the same for every
// implementation: a round trip, one winner when two store instances write the same thing (plan
// version, settling a start, claiming a channel's period), a throwing transaction leaves nothing
// behind, and a new instance on the same data sees everything (restart).
import { afterEach, describe, expect, it } from 'vitest';
import { closeOpened, type StoreHarness } from './harness.ts';
import { CLUSTER, plan, schedule } from './fixtures.ts';

const CH = '19:general@thread.tacv2';
const P1 = '2026-12-07T09:00:00.000Z';
const P2 = '2026-12-14T09:00:00.000Z';
const STALE = '2026-12-07T08:50:00.000Z';

export function planningContract(h: StoreHarness): void {
  describe(`store contract (${h.name}): plans, scheduled starts, digests`, () => {
    afterEach(() => closeOpened());

    it('plans: round trip, updates only at the expected version, lists by cluster (any case) and open, refuses duplicates', async () => {
      const { plans } = await (await h.fresh()).open();
      const p1 = plan('p1', { podCidr: '192.168.0.0/16', steps: [{ target: 'overlay', doneAtStart: true }, { target: 'cilium' }] });
      plans.insert(p1);
      plans.insert(plan('p2', { createdAt: '2026-01-02T00:00:00.000Z' }));
      plans.insert(plan('p3', { cluster: { ...p1.cluster, id: '/other' }, createdAt: '2026-01-03T00:00:00.000Z' }));
      expect(plans.get('p1')).toEqual(p1);
      expect(plans.get('nope')).toBeUndefined();
      expect(() => plans.insert(plan('p1'))).toThrow();
      expect(plans.update('p1', 1, { steps: [{ target: 'overlay', doneAtStart: true }, { target: 'cilium', offeredAt: 't', offered: true }],
        updatedAt: '2026-01-01T01:00:00.000Z' })).toBe(true);
      expect(plans.update('p1', 1, { state: 'replaced' })).toBe(false);
      expect(plans.update('nope', 1, { state: 'done' })).toBe(false);
      expect(plans.get('p1')).toMatchObject({ version: 2, state: 'open', updatedAt: '2026-01-01T01:00:00.000Z', steps: [{}, { offered: true }] });
      expect(plans.update('p2', 1, { state: 'done' })).toBe(true);
      expect(plans.listByCluster(CLUSTER.toUpperCase()).map((p) => [p.id, p.version])).toEqual([['p2', 2], ['p1', 2]]);
      expect(plans.listOpen().map((p) => p.id)).toEqual(['p1', 'p3']);
    });

    it('plans: two instances writing the same version, exactly one wins; a new instance sees the plan after a restart', async () => {
      const f = await h.fresh();
      const [a, b] = [await f.open(), await f.open()];
      a.plans.insert(plan('p1'));
      const [seenA, seenB] = [a.plans.get('p1')!, b.plans.get('p1')!];
      expect([b.plans.update('p1', seenB.version, { state: 'done', updatedAt: 'by-b' }),
        a.plans.update('p1', seenA.version, { state: 'replaced', updatedAt: 'by-a' })]).toEqual([true, false]);
      expect(a.plans.get('p1')).toMatchObject({ state: 'done', version: 2, updatedAt: 'by-b' });
      a.plans.insert(plan('p2', { createdAt: '2026-01-05T00:00:00.000Z' }));
      a.close();
      b.close();
      const again = await f.open();
      expect(again.plans.get('p1')).toMatchObject({ state: 'done', version: 2, goal: 'cilium', thread: { conversationId: 'c1', locale: 'ja' } });
      expect(again.plans.listOpen().map((p) => p.id)).toEqual(['p2']);
    });

    it('scheduled starts: round trip, waiting soonest first, settled once with its reason, refuses duplicates', async () => {
      const { schedules } = await (await h.fresh()).open();
      const r1 = schedule('r1', { kind: 'window', windowEnd: '2026-01-02T05:00:00.000Z', config: 'aksManagedAutoUpgradeSchedule', timeZone: '+09:00' });
      schedules.insert(r1);
      schedules.insert(schedule('r2', { dueAt: '2026-01-01T12:00:00.000Z' }));
      schedules.insert(schedule('r0', { dueAt: '2026-01-01T12:00:00.000Z' }));
      expect(schedules.get('r1')).toEqual(r1);
      expect(schedules.get('nope')).toBeUndefined();
      expect(() => schedules.insert(schedule('r1'))).toThrow();
      expect(schedules.listWaiting().map((s) => s.requestId)).toEqual(['r0', 'r2', 'r1']);
      expect(schedules.settle('r2', 'not-started', '2026-01-01T12:00:05.000Z', 'locked')).toBe(true);
      expect(schedules.settle('r2', 'started', '2026-01-01T12:00:06.000Z')).toBe(false);
      expect(schedules.settle('nope', 'cancelled', 't')).toBe(false);
      expect(schedules.get('r2')).toMatchObject({ state: 'not-started', reason: 'locked', updatedAt: '2026-01-01T12:00:05.000Z' });
      expect(schedules.listWaiting().map((s) => s.requestId)).toEqual(['r0', 'r1']);
    });

    it('scheduled starts: two instances settling one start, exactly one wins; a new instance sees it after a restart', async () => {
      const f = await h.fresh();
      const [a, b] = [await f.open(), await f.open()];
      a.schedules.insert(schedule('r1'));
      a.schedules.insert(schedule('r2'));
      expect([b.schedules.settle('r1', 'started', 'by-b'), a.schedules.settle('r1', 'cancelled', 'by-a')]).toEqual([true, false]);
      expect(a.schedules.get('r1')).toMatchObject({ state: 'started', updatedAt: 'by-b' });
      a.close();
      b.close();
      const again = await f.open();
      expect(again.schedules.get('r1')).toMatchObject({ state: 'started', by: { id: 'u-appr' } });
      expect(again.schedules.listWaiting().map((s) => s.requestId)).toEqual(['r2']);
    });

    it('digests: channels switched on and off, a period claimed then posted, records kept first-wins', async () => {
      const { digests } = await (await h.fresh()).open();
      expect(digests.get(CH)).toBeUndefined();
      expect(digests.disable(CH)).toBe(false);
      digests.enable(CH, P1, 'ja');
      digests.enable('19:a/odd?#@thread.tacv2', P1, 'en');
      expect(digests.get(CH)).toEqual({ conversationId: CH, enabled: true, enabledAt: P1, locale: 'ja' });
      expect(digests.listEnabled().map((c) => c.conversationId)).toEqual(['19:a/odd?#@thread.tacv2', CH]);
      expect(digests.disable(CH)).toBe(true);
      expect(digests.disable(CH)).toBe(false);
      expect(digests.get(CH)?.enabled).toBe(false);
      expect(digests.listEnabled().map((c) => c.conversationId)).toEqual(['19:a/odd?#@thread.tacv2']);
      digests.enable(CH, P2, 'en');
      expect(digests.get(CH)).toEqual({ conversationId: CH, enabled: true, enabledAt: P2, locale: 'en' });

      expect(digests.claim(CH, P1, '2026-12-07T09:00:00.000Z', STALE)).toBe(true);
      expect(digests.getPost(CH, P1)).toEqual({ conversationId: CH, period: P1, state: 'claimed', claimedAt: '2026-12-07T09:00:00.000Z' });
      expect(digests.claim(CH, P1, '2026-12-07T09:01:00.000Z', '2026-12-07T08:51:00.000Z')).toBe(false); // fresh claim
      expect(digests.claim(CH, P1, '2026-12-07T09:11:00.000Z', '2026-12-07T09:01:00.000Z')).toBe(true); // stale: taken once
      expect(digests.claim(CH, P1, '2026-12-07T09:11:00.000Z', '2026-12-07T09:01:00.000Z')).toBe(false);
      expect(digests.lastPosted(CH)).toBeUndefined();
      digests.markPosted(CH, P1, '2026-12-07T09:12:00.000Z', 'act-1');
      expect(digests.getPost(CH, P1)).toEqual({ conversationId: CH, period: P1, state: 'posted',
        claimedAt: '2026-12-07T09:11:00.000Z', postedAt: '2026-12-07T09:12:00.000Z', activityId: 'act-1' });
      expect(digests.claim(CH, P1, '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toBe(false); // posted: never again
      expect(digests.claim(CH, P2, '2026-12-14T09:00:00.000Z', STALE)).toBe(true);
      digests.markPosted(CH, P2, '2026-12-14T09:01:00.000Z');
      expect(digests.getPost(CH, P2)?.activityId).toBeUndefined();
      expect(digests.lastPosted(CH)?.period).toBe(P2);
      expect(digests.lastPosted('19:a/odd?#@thread.tacv2')).toBeUndefined();
      digests.markPosted(CH, '2026-12-21T09:00:00.000Z', 't'); // never claimed: nothing to mark
      expect(digests.getPost(CH, '2026-12-21T09:00:00.000Z')).toBeUndefined();

      digests.saveRecord(P1, { at: P1, clusters: [{ id: 'c', verdict: 'ready' }], unread: 0 }, P1);
      digests.saveRecord(P1, { at: 'later', clusters: [], unread: 9 }, P1);
      digests.saveRecord(P2, { at: P2, clusters: [], note: 'ユニコード' }, P2);
      expect(digests.getRecord(P1)).toEqual({ at: P1, clusters: [{ id: 'c', verdict: 'ready' }], unread: 0 });
      expect(digests.getRecord('2026-11-30T09:00:00.000Z')).toBeUndefined();
      expect(digests.latestRecordBefore(P1)).toBeUndefined();
      expect(digests.latestRecordBefore('2027-01-01T00:00:00.000Z')).toEqual({ period: P2, record: { at: P2, clusters: [], note: 'ユニコード' } });
      expect(digests.latestRecordBefore(P2)?.period).toBe(P1);
    });

    it('digests: two instances claiming one period, exactly one wins (also a stale one); a new instance sees it all after a restart', async () => {
      const f = await h.fresh();
      const [a, b] = [await f.open(), await f.open()];
      a.digests.enable(CH, P1, 'ja');
      expect([b.digests.claim(CH, P1, '2026-12-07T09:00:00.000Z', STALE), a.digests.claim(CH, P1, '2026-12-07T09:00:00.000Z', STALE)])
        .toEqual([true, false]);
      const later = ['2026-12-07T09:20:00.000Z', '2026-12-07T09:10:00.000Z'] as const;
      expect([a.digests.claim(CH, P1, ...later), b.digests.claim(CH, P1, ...later)]).toEqual([true, false]);
      a.digests.markPosted(CH, P1, '2026-12-07T09:21:00.000Z', 'act-1');
      b.digests.saveRecord(P1, { unread: 1 }, P1);
      a.digests.saveRecord(P1, { unread: 2 }, P1);
      a.close();
      b.close();
      const again = (await f.open()).digests;
      expect(again.listEnabled()).toEqual([{ conversationId: CH, enabled: true, enabledAt: P1, locale: 'ja' }]);
      expect(again.lastPosted(CH)).toMatchObject({ period: P1, state: 'posted', activityId: 'act-1', claimedAt: '2026-12-07T09:20:00.000Z' });
      expect(again.latestRecordBefore(P2)).toEqual({ period: P1, record: { unread: 1 } });
    });

    it('a transaction that throws takes back the plan update, the settled start and the digest claim', async () => {
      const f = await h.fresh();
      const s = await f.open();
      s.plans.insert(plan('p1'));
      s.schedules.insert(schedule('r1'));
      expect(() => s.transaction(() => {
        expect(s.plans.update('p1', 1, { state: 'done' })).toBe(true);
        expect(s.schedules.settle('r1', 'started', 't')).toBe(true);
        expect(s.digests.claim(CH, P1, '2026-12-07T09:00:00.000Z', STALE)).toBe(true);
        s.plans.insert(plan('p2'));
        throw new Error('start refused');
      })).toThrow('start refused');
      const other = await f.open();
      expect(other.plans.get('p1')).toMatchObject({ state: 'open', version: 1 });
      expect(other.plans.get('p2')).toBeUndefined();
      expect(other.schedules.listWaiting().map((x) => x.requestId)).toEqual(['r1']);
      expect(other.digests.getPost(CH, P1)).toBeUndefined();
    });
  });
}
