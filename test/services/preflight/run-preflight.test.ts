// Engine behaviour: not-needed, fail closed (missing data, throwing checks), ordering, the report
// shape of spec/interfaces.md §7, and the suggested pod CIDR round trip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../services/cluster/load.ts';
import type { ClusterSnapshot } from '../../../services/cluster/types.ts';
import { CHECKS } from '../../../services/preflight/registry.ts';
import { runChecks, runPreflight } from '../../../services/preflight/run-preflight.ts';
import type { CheckDefinition } from '../../../services/preflight/types.ts';
import { detailOf, remediationOf } from '../../fakes/finding.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/preflight');

/** The snapshot JSON of a committed fixture (ARM node-subnet base, az kubenet base, ARM overlay base). */
function raw(path: string): Record<string, unknown> {
  return structuredClone((JSON.parse(readFileSync(join(fixtures, path), 'utf8')) as { snapshot: Record<string, unknown> }).snapshot);
}
const nodeSubnet = (): Record<string, unknown> => raw('overlay-pod-cidr-missing/pass.given.json');
const kubenet = (): Record<string, unknown> => raw('overlay-kubenet-identity/pass.user-assigned.json');
const overlay = (): Record<string, unknown> => raw('cilium-source-mode/pass.overlay.json');
const overlayDone = (): Record<string, unknown> => raw('migration-incomplete/pass.all-converted.json');
const load = (json: unknown): ClusterSnapshot => parseSnapshot(json, 'test');

const K8S_CHECKS = CHECKS.filter((c) => c.needs.length === 1 && c.needs[0] === 'K8S').map((c) => c.id);

describe('runPreflight', () => {
  it('is ready for node-subnet -> overlay with a good pod CIDR, with the §7 fields', () => {
    const report = runPreflight(load(nodeSubnet()), 'overlay', { podCidr: '192.168.0.0/16' });
    expect(report.verdict).toBe('ready');
    expect(report.podCidr).toBe('192.168.0.0/16');
    expect(report.suggestedPodCidr).toBeUndefined();
    expect(report.cluster).toMatchObject({ name: 'clustername1', resourceGroup: 'rg1', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.4' });
    expect(report.findings.map((f) => [f.check, f.severity])).toEqual([['simultaneous-reimage', 'warning'], ['overlay-pod-reachability', 'info']]);
    expect(report.plan).toEqual({
      networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] },
      azCommand: 'az aks update -g rg1 -n clustername1 --subscription 00000000-0000-0000-0000-000000000000 --network-plugin azure --network-plugin-mode overlay --pod-cidr 192.168.0.0/16',
    });
    const all = [...report.passed, ...report.notApplicable, ...report.findings.map((f) => f.check)].sort();
    expect(all).toEqual(CHECKS.filter((c) => c.target !== 'cilium').map((c) => c.id).sort());
  });

  it('at the target: not-needed with only migration-incomplete when every node is converted, else incomplete', () => {
    const o = load(overlayDone());
    const report = runPreflight(o, 'overlay', { podCidr: 'garbage' });
    expect(report).toMatchObject({ verdict: 'not-needed', findings: [], passed: ['migration-incomplete'], notApplicable: [], plan: null, podCidr: null });
    // The overlay base's nodes carry no overlay label: the migration did not reach them.
    const partial = runPreflight(load(overlay()), 'overlay');
    expect(partial.verdict).toBe('incomplete');
    expect(partial.findings.map((f) => [f.check, f.severity])).toEqual([['migration-incomplete', 'warning']]);
    expect(detailOf(partial.findings[0])).toContain('3 of 3 nodes do not carry kubernetes.azure.com/azure-cni-overlay=true or kubernetes.azure.com/podnetwork-type=overlay');
    expect(remediationOf(partial.findings[0])).toContain('az aks update -g rg1 -n clustername1');
    expect(partial.plan?.networkProfile).toMatchObject({ networkPlugin: 'azure', networkPluginMode: 'overlay' });
    const json = overlayDone();
    ((json.cluster as { properties: { networkProfile: Record<string, unknown> } }).properties.networkProfile).networkDataplane = 'cilium';
    const cilium = runPreflight(load(json), 'cilium');
    expect(cilium.verdict).toBe('incomplete');
    expect(detailOf(cilium.findings[0])).toContain('kubernetes.azure.com/ebpf-dataplane=cilium');
  });

  it('fails closed when the kubernetes section is missing: blocked, unverified K8S findings, never ready', () => {
    for (const [json, target, podCidr] of [[nodeSubnet(), 'overlay', '192.168.0.0/16'], [overlay(), 'cilium', undefined], [kubenet(), 'overlay', undefined]] as const) {
      delete (json as Record<string, unknown>).kubernetes;
      const report = runPreflight(load(json), target, { podCidr });
      expect(report.verdict).toBe('blocked');
      const unverified = report.findings.filter((f) => f.unverified);
      const expected = K8S_CHECKS.filter((id) => CHECKS.find((c) => c.id === id)!.target !== (target === 'overlay' ? 'cilium' : 'overlay'));
      expect(unverified.map((f) => f.check).sort()).toEqual(expected.sort());
      for (const f of unverified) {
        expect(f.severity).toBe('blocker');
        expect(detailOf(f)).toMatch(/Could not read/);
        expect(remediationOf(f)).toMatch(/kubectl create|RBAC/);
      }
      expect(report.findings.some((f) => f.check === 'simultaneous-reimage')).toBe(false);
    }
  });

  it('quotes the recorded reason of an unavailable read', () => {
    const json = nodeSubnet();
    delete (json.kubernetes as Record<string, unknown>).configMaps;
    json.unavailable = [{ section: 'kubernetes.configMaps', reason: 'configmaps is forbidden: User "netpilot" cannot list resource "configmaps"' }];
    const report = runPreflight(load(json), 'overlay', { podCidr: '192.168.0.0/16' });
    const f = report.findings.find((x) => x.check === 'overlay-ip-masq-agent-config')!;
    expect(f).toMatchObject({ severity: 'blocker', unverified: true });
    expect(detailOf(f)).toContain('configmaps is forbidden');
  });

  it('turns a throwing check into an unverified blocker', () => {
    const boom: CheckDefinition = { ...CHECKS[0], id: 'boom', evaluate: () => { throw new Error('kaboom'); } };
    const report = runChecks([...CHECKS, boom], load(nodeSubnet()), 'overlay', { podCidr: '192.168.0.0/16' });
    expect(report.verdict).toBe('blocked');
    const f = report.findings.find((x) => x.check === 'boom')!;
    expect(f).toMatchObject({ severity: 'blocker', unverified: true });
    expect(detailOf(f)).toContain('kaboom');
    expect(report.findings.map((x) => x.check)).not.toContain('simultaneous-reimage');
  });

  it('orders findings blockers, warnings, info and keeps warnings in blocked reports', () => {
    const json = overlay();
    const props = (json.cluster as { properties: Record<string, Record<string, unknown>> }).properties;
    props.networkProfile.networkPolicy = 'calico';
    props.nodeProvisioningProfile = { mode: 'Auto' };
    const report = runPreflight(load(json), 'cilium');
    expect(report.verdict).toBe('blocked');
    expect(report.findings.map((f) => f.severity)).toEqual(['blocker', 'warning']);
    expect(report.findings.map((f) => f.check)).toEqual(['cilium-node-auto-provisioning', 'cilium-policy-engine-replaced']);
    expect(report.plan?.networkProfile).toEqual({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
  });

  it('suggests a pod CIDR that, passed back, gives no pod CIDR findings', () => {
    const snapshot = load(nodeSubnet());
    const blocked = runPreflight(snapshot, 'overlay');
    expect(blocked.verdict).toBe('blocked');
    expect(blocked.findings.map((f) => f.check)).toEqual(['overlay-pod-cidr-missing']);
    const suggested = blocked.suggestedPodCidr!;
    expect(suggested).toMatch(/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d+\.\d+\/\d+$/);
    expect(detailOf(blocked.findings[0])).toContain(suggested);
    expect(blocked.plan?.azCommand).toContain(`--pod-cidr ${suggested}`);
    expect(blocked.plan?.networkProfile.podCidr).toBe(suggested);
    const ready = runPreflight(snapshot, 'overlay', { podCidr: suggested });
    expect(ready.verdict).toBe('ready');
  });

  it('sizes the suggestion for maxCount and surge, avoiding VNets and peerings', () => {
    const json = nodeSubnet();
    const pools = json.agentPools as { properties: Record<string, unknown> }[];
    Object.assign(pools[0].properties, { enableAutoScaling: true, minCount: 3, maxCount: 100, upgradeSettings: { maxSurge: '10' } });
    const vnet = (json.virtualNetworks as { properties: Record<string, unknown> }[])[0];
    vnet.properties.addressSpace = { addressPrefixes: ['100.64.0.0/10'] };
    const report = runPreflight(load(json), 'overlay');
    // 110 nodes need a /17 (128 blocks); 100.64/10 is taken by the VNet, so 192.168/16 space is next.
    expect(report.suggestedPodCidr).toBe('192.168.0.0/17');
    expect(runPreflight(load(json), 'overlay', { podCidr: report.suggestedPodCidr }).verdict).toBe('ready');
  });

  it('keeps the kubenet pod CIDR, accepts a containing one and suggests a containing one on overlap', () => {
    const kept = runPreflight(load(kubenet()), 'overlay');
    expect(kept.podCidr).toBe('10.244.0.0/16');
    expect(kept.verdict).toBe('ready');
    expect(kept.plan?.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay' });
    expect(kept.plan?.azCommand).not.toContain('--pod-cidr');
    const larger = runPreflight(load(kubenet()), 'overlay', { podCidr: '10.244.0.0/15' });
    expect(larger.verdict).toBe('ready');
    expect(larger.plan?.networkProfile.podCidr).toBe('10.244.0.0/15');
    const json = kubenet();
    const np = (json.cluster as { networkProfile: Record<string, unknown> }).networkProfile;
    Object.assign(np, { podCidr: '10.0.0.0/24', podCidrs: ['10.0.0.0/24'], serviceCidr: '10.0.0.0/25', serviceCidrs: ['10.0.0.0/25'] });
    const overlapping = runPreflight(load(json), 'overlay');
    expect(overlapping.findings.map((f) => f.check)).toContain('overlay-pod-cidr-overlap');
    expect(overlapping.suggestedPodCidr).toBeUndefined(); // no supernet of 10.0.0.0/24 avoids 10.0.0.0/25
  });

  it('makes an invalid pod CIDR a finding and the other pod CIDR checks not applicable', () => {
    const report = runPreflight(load(nodeSubnet()), 'overlay', { podCidr: '10.1.2.3/33' });
    expect(report.findings.map((f) => f.check)).toEqual(['overlay-pod-cidr-invalid']);
    expect(report.notApplicable).toEqual(expect.arrayContaining(['overlay-pod-cidr-reserved', 'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity', 'overlay-pod-cidr-public']));
    expect(report.suggestedPodCidr).toBeDefined();
  });
});
