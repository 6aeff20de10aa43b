// The verdicts of spec/interfaces.md §6 and §8 (demo fleet tables), shared by the fleet tests.
import { expect } from 'vitest';
import type { ClusterReadiness } from '../../../services/planning/fleet-readiness.ts';

/** spec/interfaces.md §6 and §8 tables: overlay (with a pod CIDR where needed) and cilium verdicts. */
export const SPEC_ROWS: Record<string, { overlay: string; cilium: string; overlayBlocker?: string; ciliumBlocker?: string }> = {
  'aks-legacy': { overlay: 'ready', cilium: 'blocked', ciliumBlocker: 'cilium-windows-pools' },
  'aks-kubenet': { overlay: 'ready', cilium: 'blocked', ciliumBlocker: 'cilium-source-mode' },
  'aks-calico': { overlay: 'blocked', cilium: 'ready', overlayBlocker: 'overlay-network-policy' },
  'aks-podsubnet': { overlay: 'blocked', cilium: 'ready', overlayBlocker: 'overlay-source-mode' },
  'aks-ipmasq': { overlay: 'blocked', cilium: 'ready', overlayBlocker: 'overlay-ip-masq-agent-config' },
  'aks-old': { overlay: 'blocked', cilium: 'blocked' },
  'aks-overlay': { overlay: 'not-needed', cilium: 'ready' },
  'aks-cilium': { overlay: 'not-needed', cilium: 'not-needed' },
  'aks-busy': { overlay: 'blocked', cilium: 'blocked', overlayBlocker: 'cluster-provisioning-state' },
  'aks-entra': { overlay: 'ready', cilium: 'ready' },
  'aks-private': { overlay: 'ready', cilium: 'ready' },
};

/** Asserts the spec rows for every cluster the table names. */
export function expectSpecVerdicts(clusters: readonly ClusterReadiness[]): void {
  for (const c of clusters) {
    const row = SPEC_ROWS[c.name];
    if (!row) continue;
    expect(c.targets.overlay.verdict, `${c.name} overlay`).toBe(row.overlay);
    expect(c.targets.cilium.verdict, `${c.name} cilium`).toBe(row.cilium);
    if (row.overlayBlocker) expect(c.targets.overlay.blockers, c.name).toContain(row.overlayBlocker);
    if (row.ciliumBlocker) expect(c.targets.cilium.blockers, c.name).toContain(row.ciliumBlocker);
    if (row.overlay === 'ready') expect(c.targets.overlay.blockers).toEqual([]);
  }
}

