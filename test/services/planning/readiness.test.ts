// Fleet readiness summary, the week-over-week diff, the digest schedule and the single-flight scanner (pure).
import { describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH } from '../../../emulator/index.ts';
import { loadFleetFile } from '../../../services/cluster/load.ts';
import { fleetReadiness, type FleetReadiness } from '../../../services/planning/fleet-readiness.ts';
import { digestPeriodStart, isDigestDue, nextDigestAt } from '../../../services/planning/digest-schedule.ts';
import { diffReadiness, readinessRecord } from '../../../services/planning/readiness-diff.ts';
import { singleFlightScanner } from '../../../services/planning/readiness-scanner.ts';
import { modeBucket, summariseReadiness } from '../../../services/planning/readiness-summary.ts';

const demo = async (): Promise<FleetReadiness> => fleetReadiness(await loadFleetFile(DEMO_FLEET_PATH));

describe('summariseReadiness over the demo fleet', () => {
  it('counts every cluster once per mode and once per verdict of each target', async () => {
    const fleet = await demo();
    const s = summariseReadiness(fleet);
    expect(s.total).toBe(fleet.clusters.length);
    expect(Object.values(s.modes).reduce((a, b) => a + b, 0)).toBe(fleet.clusters.length);
    for (const target of ['overlay', 'cilium'] as const) {
      expect(Object.values(s.verdicts[target]).reduce((a, b) => a + b, 0)).toBe(fleet.clusters.length);
      expect(s.readyNow[target]).toEqual(fleet.clusters.filter((c) => c.targets[target].verdict === 'ready').map((c) => `${c.resourceGroup}/${c.name}`).sort());
    }
    expect(s.modes).toMatchObject({ kubenet: 1, cilium: 1 });
    expect(s.readyNow.overlay).toContain('rg-demo/aks-kubenet');
    expect(s.readyNow.cilium).not.toContain('rg-demo/aks-kubenet');
  });

  it('ranks blockers by the number of clusters they stop, each cluster counted once', async () => {
    const fleet = await demo();
    const s = summariseReadiness(fleet);
    for (const b of s.blockers) {
      const stopped = fleet.clusters.filter((c) => c.targets.overlay.blockers.includes(b.check) || c.targets.cilium.blockers.includes(b.check));
      expect(b.clusters, b.check).toBe(stopped.length);
    }
    expect(s.blockers.map((b) => b.clusters)).toEqual([...s.blockers.map((b) => b.clusters)].sort((a, b) => b - a));
    expect(s.blockers.find((b) => b.check === 'cluster-provisioning-state')?.targets).toEqual(['overlay', 'cilium']);
  });

  it('puts a Cilium cluster in the Cilium bucket whatever its IPAM mode', () => {
    expect(modeBucket({ mode: 'overlay', dataplane: 'cilium' })).toBe('cilium');
    expect(modeBucket({ mode: 'overlay', dataplane: 'azure' })).toBe('overlay');
    expect(modeBucket({ mode: 'byo', dataplane: 'azure' })).toBe('other');
  });
});

describe('diffReadiness', () => {
  it('finds migrated clusters, newly ready targets, new blockers, added and removed clusters', async () => {
    const fleet = await demo();
    const before = readinessRecord(fleet, new Date('2026-11-30T09:00:00Z'));
    const after = structuredClone(before);
    after.at = '2026-12-07T09:00:00.000Z';
    const kubenet = after.clusters.find((c) => c.label === 'rg-demo/aks-kubenet')!;
    kubenet.mode = 'overlay';
    kubenet.targets.overlay = { verdict: 'not-needed', blockers: [] };
    kubenet.targets.cilium = { verdict: 'ready', blockers: [] };
    const legacy = after.clusters.find((c) => c.label === 'rg-demo/aks-legacy')!;
    legacy.targets.overlay = { verdict: 'blocked', blockers: ['pdb-blocks-drain'] };
    after.clusters = after.clusters.filter((c) => c.label !== 'rg-demo/aks-old');
    after.clusters.push({ ...structuredClone(kubenet), id: '/x/new', label: 'rg-new/aks-new' });
    const d = diffReadiness(before, after);
    expect(d.migrated).toEqual([{ label: 'rg-demo/aks-kubenet', from: 'kubenet', to: 'overlay' }]);
    expect(d.newlyReady).toEqual([{ label: 'rg-demo/aks-kubenet', target: 'cilium' }]);
    expect(d.newBlockers).toEqual([{ label: 'rg-demo/aks-legacy', target: 'overlay', check: 'pdb-blocks-drain' }]);
    expect(d.added).toEqual(['rg-new/aks-new']);
    expect(d.removed).toEqual(['rg-demo/aks-old']);
  });

  it('finds nothing between a record and itself', async () => {
    const r = readinessRecord(await demo(), new Date());
    expect(diffReadiness(r, r)).toEqual({ migrated: [], newlyReady: [], newBlockers: [], added: [], removed: [] });
  });
});

describe('the digest schedule (Monday 09:00 UTC unless configured)', () => {
  const monday9 = { day: 1 as const, hour: 9 };
  it.each([
    ['2026-12-07T09:00:00Z', '2026-12-07T09:00:00.000Z'], // Monday at the hour
    ['2026-12-07T08:59:59Z', '2026-11-30T09:00:00.000Z'], // just before: last week
    ['2026-12-06T23:00:00Z', '2026-11-30T09:00:00.000Z'], // Sunday
    ['2026-12-09T12:00:00Z', '2026-12-07T09:00:00.000Z'], // Wednesday
    ['2027-01-01T00:00:00Z', '2026-12-28T09:00:00.000Z'], // across a year
  ])('the period of %s starts at %s', (now, start) => {
    expect(digestPeriodStart(new Date(now), monday9).toISOString()).toBe(start);
  });

  it('the next digest is a week after the current period start', () => {
    expect(nextDigestAt(new Date('2026-12-09T12:00:00Z'), { day: 5, hour: 17 }).toISOString()).toBe('2026-12-11T17:00:00.000Z');
  });

  it('is due once per period, and only for periods that start after the channel switched it on', () => {
    const enabledAt = new Date('2026-12-02T10:00:00Z');
    // switched on on a Wednesday: nothing until Monday
    expect(isDigestDue({ now: new Date('2026-12-03T10:00:00Z'), schedule: monday9, enabledAt })).toBeUndefined();
    const due = isDigestDue({ now: new Date('2026-12-07T09:00:00Z'), schedule: monday9, enabledAt });
    expect(due?.period).toBe('2026-12-07T09:00:00.000Z');
    // posted: not due again in the same period (a restart on Tuesday)
    expect(isDigestDue({ now: new Date('2026-12-08T10:00:00Z'), schedule: monday9, enabledAt, lastPeriod: due!.period })).toBeUndefined();
    // down over Monday, back on Tuesday: posted late, not skipped
    expect(isDigestDue({ now: new Date('2026-12-15T10:00:00Z'), schedule: monday9, enabledAt, lastPeriod: due!.period })?.period).toBe('2026-12-14T09:00:00.000Z');
  });
});

describe('singleFlightScanner', () => {
  it('runs one scan for concurrent callers, shares its progress, and starts a new one after it ended', async () => {
    let runs = 0;
    let release!: () => void;
    const scanner = singleFlightScanner(async (onProgress) => {
      runs += 1;
      onProgress({ done: 1, total: 2 });
      await new Promise<void>((r) => { release = r; });
      onProgress({ done: 2, total: 2 });
      return { clusters: [], unread: [] };
    });
    const seenA: number[] = [];
    const seenB: number[] = [];
    const a = scanner.scan((p) => seenA.push(p.done));
    const b = scanner.scan((p) => seenB.push(p.done));
    release();
    await Promise.all([a, b]);
    expect(runs).toBe(1);
    expect(seenA).toEqual([1, 2]);
    expect(seenB).toEqual([1, 2]);
    const c = scanner.scan();
    release();
    await c;
    expect(runs).toBe(2);
  });
});
