// The demo fleet verdict table of spec/interfaces.md §6, offline (parseFleet + runPreflight).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFleet } from '../../../services/cluster/load.ts';
import { runPreflight } from '../../../services/preflight/run-preflight.ts';
import type { PreflightReport } from '../../../services/preflight/types.ts';
import { detailOf } from '../../fakes/finding.ts';

const fleet = parseFleet(JSON.parse(readFileSync(join(import.meta.dirname, '../../../emulator/fleets/demo.json'), 'utf8')), 'demo.json');

/** §6 table: verdict and (for blocked) the check that must be among the blockers. */
const DEMO_TABLE: Record<string, { overlay: [string, string?]; cilium: [string, string?] }> = {
  'aks-legacy': { overlay: ['blocked', 'overlay-pod-cidr-missing'], cilium: ['blocked', 'cilium-windows-pools'] },
  'aks-kubenet': { overlay: ['ready', 'overlay-kubenet-route-table'], cilium: ['blocked', 'cilium-source-mode'] },
  'aks-calico': { overlay: ['blocked', 'overlay-network-policy'], cilium: ['ready', 'cilium-policy-compat'] },
  'aks-podsubnet': { overlay: ['blocked', 'overlay-source-mode'], cilium: ['ready'] },
  'aks-ipmasq': { overlay: ['blocked', 'overlay-ip-masq-agent-config'], cilium: ['ready'] },
  'aks-old': { overlay: ['blocked', 'overlay-kubernetes-version'], cilium: ['blocked', 'cilium-windows-pools'] },
  'aks-overlay': { overlay: ['not-needed'], cilium: ['ready'] },
  'aks-cilium': { overlay: ['not-needed'], cilium: ['not-needed'] },
  'aks-busy': { overlay: ['blocked', 'cluster-provisioning-state'], cilium: ['blocked', 'cluster-provisioning-state'] },
  // spec §8: Entra ID (local accounts disabled) and private: overlay ready with a pod CIDR, cilium ready.
  'aks-entra': { overlay: ['blocked', 'overlay-pod-cidr-missing'], cilium: ['ready'] },
  'aks-private': { overlay: ['blocked', 'overlay-pod-cidr-missing'], cilium: ['ready'] },
};

function check(report: PreflightReport, [verdict, id]: [string, string?]): void {
  expect(report.verdict, `${report.cluster.name} ${report.target}`).toBe(verdict);
  if (id) expect(report.findings.map((f) => f.check), `${report.cluster.name} ${report.target}`).toContain(id);
  if (verdict === 'ready') {
    expect(report.findings.filter((f) => f.severity === 'blocker')).toEqual([]);
    expect(report.findings.map((f) => f.check)).toContain('simultaneous-reimage');
  }
}

describe('demo fleet verdicts (spec/interfaces.md §6)', () => {
  it('contains every cluster of the table in rg-demo', () => {
    for (const name of Object.keys(DEMO_TABLE)) {
      const s = fleet.find((c) => c.cluster.name === name);
      expect(s, name).toBeDefined();
      expect(s!.cluster.resourceGroup).toBe('rg-demo');
    }
  });

  for (const [name, row] of Object.entries(DEMO_TABLE)) {
    it(`${name}: overlay ${row.overlay[0]}, cilium ${row.cilium[0]}`, () => {
      const snapshot = fleet.find((c) => c.cluster.name === name)!;
      check(runPreflight(snapshot, 'overlay'), row.overlay);
      check(runPreflight(snapshot, 'cilium'), row.cilium);
    });
  }

  it('aks-entra and aks-private: overlay blocked only by overlay-pod-cidr-missing, ready with a pod CIDR', () => {
    for (const name of ['aks-entra', 'aks-private']) {
      const snapshot = fleet.find((c) => c.cluster.name === name)!;
      const blocked = runPreflight(snapshot, 'overlay');
      expect(blocked.findings.filter((f) => f.severity === 'blocker').map((f) => f.check), name).toEqual(['overlay-pod-cidr-missing']);
      expect(runPreflight(snapshot, 'overlay', { podCidr: '192.168.0.0/16' }).verdict, name).toBe('ready');
      expect(runPreflight(snapshot, 'overlay', { podCidr: blocked.suggestedPodCidr }).verdict, name).toBe('ready');
    }
  });

  it('aks-legacy overlay is ready with 192.168.0.0/16 and with its suggested pod CIDR', () => {
    const legacy = fleet.find((c) => c.cluster.name === 'aks-legacy')!;
    expect(runPreflight(legacy, 'overlay', { podCidr: '192.168.0.0/16' }).verdict).toBe('ready');
    const blocked = runPreflight(legacy, 'overlay');
    expect(blocked.findings.filter((f) => f.severity === 'blocker').map((f) => f.check)).toEqual(['overlay-pod-cidr-missing']);
    expect(runPreflight(legacy, 'overlay', { podCidr: blocked.suggestedPodCidr }).verdict).toBe('ready');
    // VNet 10.0.0.0/8: no pod CIDR inside it is allowed (domain notes §3).
    expect(runPreflight(legacy, 'overlay', { podCidr: '10.244.0.0/16' }).findings.map((f) => f.check)).toContain('overlay-pod-cidr-overlap');
  });

  it('aks-kubenet overlay warns about the AKS-managed route table; aks-calico cilium warns about policies', () => {
    const kubenet = runPreflight(fleet.find((c) => c.cluster.name === 'aks-kubenet')!, 'overlay');
    expect(detailOf(kubenet.findings.find((f) => f.check === 'overlay-kubenet-route-table'))).toMatch(/AKS-managed/);
    const calico = runPreflight(fleet.find((c) => c.cluster.name === 'aks-calico')!, 'cilium');
    expect(calico.findings.map((f) => f.check)).toEqual(expect.arrayContaining(['cilium-policy-engine-replaced', 'cilium-enforcement-gap', 'cilium-policy-compat']));
  });
});
