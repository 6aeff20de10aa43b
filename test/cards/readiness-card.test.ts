// The fleet readiness card: demo fleet in English and Japanese (golden files), a valid Adaptive
// Card, and a generated fleet of 600 clusters that pages under the size limit with every cluster
// on exactly one page.
import { describe, expect, it } from 'vitest';
import {
  buildReadinessCard, cardBytes, fitReadinessPageSize, READINESS_CARD_MAX_BYTES, READINESS_PAGE_VERB, readinessPageCount,
} from '../../cards/readiness-card.ts';
import { validateCard } from '../../cards/validate.ts';
import { DEMO_FLEET_PATH } from '../../emulator/index.ts';
import { loadFleetFile } from '../../services/cluster/load.ts';
import { fleetReadiness, type ClusterReadiness, type FleetReadiness } from '../../services/planning/fleet-readiness.ts';
import { readinessView } from '../../services/planning/readiness-summary.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';
import { ofType, visibleText } from './helpers.ts';

const AT = new Date('2026-12-07T09:00:00Z');
const demo = async (): Promise<FleetReadiness> => fleetReadiness(await loadFleetFile(DEMO_FLEET_PATH));

/** A large fleet: long names, every verdict, several blockers per cluster, some unread. */
function generatedFleet(n: number): FleetReadiness {
  const blockers = ['overlay-network-policy', 'overlay-kubernetes-version', 'pdb-blocks-drain', 'overlay-windows-docker', 'cilium-windows-pools', 'cluster-provisioning-state'];
  const modes: ClusterReadiness['mode'][] = ['kubenet', 'node-subnet', 'pod-subnet', 'overlay'];
  const clusters: ClusterReadiness[] = Array.from({ length: n }, (_, i) => {
    const blocked = i % 3 !== 0;
    const ids = blocked ? blockers.slice(i % 4, (i % 4) + 3) : [];
    const name = `aks-team-${String(i).padStart(4, '0')}-${'x'.repeat(40)}`;
    const rg = `rg-platform-${i % 17}-${'y'.repeat(30)}`;
    return {
      name, resourceGroup: rg, subscriptionId: '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00',
      id: `/subscriptions/6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      mode: modes[i % 4], dataplane: i % 11 === 0 ? 'cilium' : 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.7', provisioningState: 'Succeeded',
      targets: {
        overlay: { verdict: blocked ? 'blocked' : 'ready', blockers: ids, suggestedPodCidr: '100.64.0.0/16', podCidrAssumed: !blocked },
        cilium: { verdict: blocked ? 'blocked' : 'ready', blockers: ids },
      },
    };
  });
  return { clusters, unread: [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-gone', reason: 'forbidden' }] };
}

describe('readiness card: the demo fleet', () => {
  it.each(['en', 'ja'] as const)('%s: matches the golden file and is a valid Adaptive Card', async (locale) => {
    const card = buildReadinessCard({ view: readinessView(await demo()), scannedAt: AT, locale });
    expect(validateCard(card)).toEqual([]);
    await expect(`${JSON.stringify(card, null, 2)}\n`).toMatchFileSnapshot(`__snapshots__/${locale}/readiness.json`);
  });

  it('shows the counts, the top blockers with their fix, the ready clusters, and a hidden list of every cluster', async () => {
    const fleet = await demo();
    const card = buildReadinessCard({ view: readinessView(fleet), scannedAt: AT, locale: 'en' });
    const text = visibleText(card);
    expect(text).toContain(`Fleet readiness: ${fleet.clusters.length} clusters`);
    expect(text).toMatch(/kubenet\n1\n/);
    expect(text).toMatch(/\*\*cilium-windows-pools\*\*: 2 clusters \(Cilium\)/);
    expect(text).toMatch(/Fix: .*az aks nodepool delete/);
    expect(text).toMatch(/Overlay\n.*rg-demo\/aks-kubenet/);
    const toggle = ofType(card, 'Action.ToggleVisibility')[0];
    const list = ofType(card, 'Container').find((c) => c.id === (toggle.targetElements as string[])[0])!;
    expect(list.isVisible).toBe(false);
    for (const c of fleet.clusters) expect(visibleText(list)).toContain(`${c.resourceGroup}/${c.name}`);
    expect(ofType(card, 'Action.Execute')).toEqual([]);
  });

  it('Japanese: no English sentence anywhere on the card', async () => {
    const card = buildReadinessCard({ view: readinessView(await demo()), scannedAt: AT, locale: 'ja' });
    const text = visibleText(card);
    expect(text).toContain('フリートの移行準備状況');
    expect(text.split('\n').flatMap((line) => englishSentences(line))).toEqual([]);
  });

  it('an empty fleet says so and offers no list', () => {
    const card = buildReadinessCard({ view: readinessView({ clusters: [], unread: [] }), scannedAt: AT, locale: 'en' });
    expect(visibleText(card)).toContain('No clusters were found');
    expect(ofType(card, 'Action.ToggleVisibility')).toEqual([]);
    expect(validateCard(card)).toEqual([]);
  });
});

describe('readiness card: a fleet of 600 clusters pages under the size limit', () => {
  const fleet = generatedFleet(600);
  const view = readinessView(fleet);
  it.each(['en', 'ja'] as const)('%s: every page fits, carries opaque page tokens only, and lists each cluster once', (locale) => {
    const pageSize = fitReadinessPageSize(view, locale, AT);
    const pages = readinessPageCount(view, pageSize);
    expect(pages).toBeGreaterThan(1);
    const seen: string[] = [];
    for (let page = 0; page < pages; page += 1) {
      const card = buildReadinessCard({
        view, scannedAt: AT, locale, page, pageSize,
        pager: { previous: `tok-${page - 1}`, next: `tok-${page + 1}` },
      });
      expect(cardBytes(card), `page ${page}`).toBeLessThanOrEqual(READINESS_CARD_MAX_BYTES);
      expect(validateCard(card), `page ${page}`).toEqual([]);
      const buttons = ofType(card, 'Action.Execute');
      expect(buttons.map((b) => b.verb)).toEqual(Array(buttons.length).fill(READINESS_PAGE_VERB));
      expect(buttons.map((b) => b.data)).toEqual([
        ...(page > 0 ? [{ token: `tok-${page - 1}` }] : []), ...(page < pages - 1 ? [{ token: `tok-${page + 1}` }] : []),
      ]);
      const list = ofType(card, 'Container').find((c) => c.id === 'readiness-all-clusters')!;
      seen.push(...ofType(list, 'TextBlock').map((t) => String(t.text)).filter((t) => t.includes('aks-team-')));
    }
    expect(seen).toHaveLength(fleet.clusters.length);
    expect(new Set(seen).size).toBe(fleet.clusters.length);
  });

  it('the summary still counts the whole fleet on every page', () => {
    const card = buildReadinessCard({ view, scannedAt: AT, locale: 'en', page: 3, pageSize: 20 });
    const text = visibleText(card);
    expect(text).toContain('Fleet readiness: 600 clusters');
    expect(text).toContain('Clusters 61–80 of 600');
    expect(text).toMatch(/… and \d+ more/);
    expect(text).toContain('1 cluster or subscription could not be read: aks-gone');
  });

  it('without paging the same fleet would not fit (the limit is real)', () => {
    const card = buildReadinessCard({ view, scannedAt: AT, locale: 'en', pageSize: 600 });
    expect(cardBytes(card)).toBeGreaterThan(READINESS_CARD_MAX_BYTES);
  });
});
