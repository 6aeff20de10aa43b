// Cards over reports from the real preflight engine and the bundled demo fleet.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadFleetFile } from '../../services/cluster/load.ts';
import { runPreflight } from '../../services/preflight/run-preflight.ts';
import type { ClusterSnapshot } from '../../services/cluster/types.ts';
import { buildApprovalCard } from '../../cards/approval-card.ts';
import { buildPreflightCard } from '../../cards/preflight-card.ts';
import { validateCard } from '../../cards/validate.ts';
import { jsonBytes, ofType, visibleText } from './helpers.ts';

const FLEET = fileURLToPath(new URL('../../emulator/fleets/demo.json', import.meta.url));

describe('preflight cards from runPreflight over the demo fleet', async () => {
  const fleet = await loadFleetFile(FLEET);

  it.each(fleet.map((s) => s.cluster.name))('%s: both targets in one valid card', (name) => {
    const snapshot = fleet.find((s) => s.cluster.name === name)!;
    const reports = [runPreflight(snapshot, 'overlay'), runPreflight(snapshot, 'cilium')];
    for (const locale of ['en', 'ja'] as const) {
      const card = buildPreflightCard({ reports, locale });
      expect(validateCard(card)).toEqual([]);
      const ids = ofType(card, 'TextBlock').map((t) => t.text);
      for (const f of reports.flatMap((r) => r.findings)) expect(ids).toContain(f.check);
    }
  });

  it('aks-legacy with pod cidr 192.168.0.0/16 gives a valid approval card', () => {
    const snapshot = fleet.find((s) => s.cluster.name === 'aks-legacy')!;
    const report = runPreflight(snapshot, 'overlay', { podCidr: '192.168.0.0/16' });
    expect(report.verdict).toBe('ready');
    const card = buildApprovalCard({
      request: { id: 'r1', clusterName: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: snapshot.cluster.subscriptionId, target: 'overlay', requestedBy: { name: 'A' }, requestedAt: '2025-01-01T00:00:00Z', expiresAt: '2025-01-01T04:00:00Z' },
      report,
      pools: snapshot.agentPools.map((p) => ({ name: p.name, count: p.count ?? 0, maxSurge: p.maxSurge ?? null })),
      approverMentions: [{ id: '29:b', name: 'B' }],
      selfApprovalAllowed: false,
      dryRun: false,
      view: 'actionable',
      locale: 'en',
    });
    expect(validateCard(card)).toEqual([]);
    expect(ofType(card, 'Input.Toggle').length).toBe(report.findings.some((f) => f.severity === 'warning') ? 1 : 0);
  });

  it('a cluster grown to 100 node pools and 500 policies still gives a card under 80 KB', () => {
    const base = fleet.find((s) => s.cluster.name === 'aks-calico')!;
    const pool = base.agentPools[base.agentPools.length - 1];
    const big: ClusterSnapshot = {
      ...base,
      agentPools: Array.from({ length: 100 }, (_, i) => ({ ...pool, name: `pool${String(i).padStart(3, '0')}`, mode: i === 0 ? 'System' : 'User' })),
      kubernetes: {
        ...base.kubernetes,
        networkPolicies: Array.from({ length: 500 }, (_, i) => ({
          name: `allow-egress-to-database-number-${i}`,
          namespace: `team-${i % 40}-with-a-rather-long-namespace`,
          spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: `10.${i % 250}.0.0/16` } }], ports: [{ port: 'https', endPort: 9000 }] }], policyTypes: ['Egress'] },
        })),
      },
    };
    const reports = [runPreflight(big, 'overlay', { podCidr: '192.168.0.0/16' }), runPreflight(big, 'cilium')];
    for (const locale of ['en', 'ja'] as const) {
      const card = buildPreflightCard({ reports, locale });
      expect(jsonBytes(card)).toBeLessThanOrEqual(80 * 1024);
      expect(validateCard(card)).toEqual([]);
      expect(visibleText(card)).toContain(reports[1].verdict === 'ready' ? 'cilium-policy-compat' : 'cilium');
    }
  });
});
