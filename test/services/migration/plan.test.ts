// planMigration: the exact networkProfile change per source/target and the equivalent az command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFleet } from '../../../services/cluster/load.ts';
import { planMigration } from '../../../services/migration/plan.ts';

const fleet = parseFleet(JSON.parse(readFileSync(join(import.meta.dirname, '../../../emulator/fleets/demo.json'), 'utf8')), 'demo.json');
const byName = (name: string) => fleet.find((s) => s.cluster.name === name)!;
const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';

describe('planMigration', () => {
  it('node-subnet -> overlay sends plugin, mode and the pod CIDR', () => {
    const plan = planMigration(byName('aks-legacy'), 'overlay', '192.168.0.0/16');
    expect(plan.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] });
    expect(plan.azCommand).toBe(`az aks update -g rg-demo -n aks-legacy --subscription ${SUB} --network-plugin azure --network-plugin-mode overlay --pod-cidr 192.168.0.0/16`);
  });

  it('node-subnet -> overlay without a pod CIDR shows a placeholder and sends none', () => {
    const plan = planMigration(byName('aks-legacy'), 'overlay');
    expect(plan.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay' });
    expect(plan.azCommand).toMatch(/--pod-cidr <pod-cidr>$/);
  });

  it('kubenet -> overlay keeps the pod CIDR unless one is given', () => {
    expect(planMigration(byName('aks-kubenet'), 'overlay')).toEqual({
      networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' },
      azCommand: `az aks update -g rg-demo -n aks-kubenet --subscription ${SUB} --network-plugin azure --network-plugin-mode overlay`,
    });
    const kept = byName('aks-kubenet').cluster.networkProfile.podCidr!;
    expect(planMigration(byName('aks-kubenet'), 'overlay', kept).networkProfile).toMatchObject({ podCidr: kept, podCidrs: [kept] });
  });

  it('podCidrs agrees with podCidr: the new IPv4 CIDR replaces the old one, IPv4 first', () => {
    const kubenet = byName('aks-kubenet');
    expect(kubenet.cluster.networkProfile.podCidrs).toEqual(['10.244.0.0/16']);
    const plan = planMigration(kubenet, 'overlay', '10.240.0.0/12');
    expect(plan.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.240.0.0/12', podCidrs: ['10.240.0.0/12'] });
    // the equivalent command names the IPv4 pod CIDR only (az aks update takes --pod-cidr)
    expect(plan.azCommand).toBe(`az aks update -g rg-demo -n aks-kubenet --subscription ${SUB} --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.240.0.0/12`);
  });

  it('dual stack keeps the IPv6 pod CIDRs after the IPv4 one', () => {
    const dual = structuredClone(byName('aks-kubenet'));
    Object.assign(dual.cluster.networkProfile, { ipFamilies: ['IPv4', 'IPv6'], podCidrs: ['fd11:1234::/64', '10.244.0.0/16', 'fd22:5678::/64'] });
    expect(planMigration(dual, 'overlay', '10.240.0.0/12').networkProfile.podCidrs).toEqual(['10.240.0.0/12', 'fd11:1234::/64', 'fd22:5678::/64']);
    // left out when kubenet keeps its pod CIDR: the merge over the current profile keeps both lists as they are
    expect(planMigration(dual, 'overlay').networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay' });
  });

  it('at the target (finishing a migration) sends the same update again with the pod CIDR the cluster has', () => {
    const overlay = structuredClone(byName('aks-overlay'));
    const plan = planMigration(overlay, 'overlay', '192.168.0.0/16');
    expect(plan.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'] });
    expect(plan.azCommand).toBe(`az aks update -g rg-demo -n aks-overlay --subscription ${SUB} --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16`);
    Object.assign(overlay.cluster.networkProfile, { podCidr: undefined, podCidrs: ['fd00::/64', '10.250.0.0/16'] });
    expect(planMigration(overlay, 'overlay').networkProfile).toMatchObject({ podCidr: '10.250.0.0/16', podCidrs: ['10.250.0.0/16', 'fd00::/64'] });
    Object.assign(overlay.cluster.networkProfile, { podCidrs: [] });
    // unknown: nothing about the pod CIDR is sent (the merge keeps the cluster's), and no placeholder
    expect(planMigration(overlay, 'overlay')).toEqual({
      networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' },
      azCommand: `az aks update -g rg-demo -n aks-overlay --subscription ${SUB} --network-plugin azure --network-plugin-mode overlay`,
    });
    expect(planMigration(byName('aks-cilium'), 'cilium').networkProfile).toEqual({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
  });

  it('cilium sends data plane and policy together, never an IPAM change', () => {
    for (const name of ['aks-calico', 'aks-overlay', 'aks-podsubnet']) {
      const plan = planMigration(byName(name), 'cilium', '10.0.0.0/8');
      expect(plan.networkProfile).toEqual({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
      expect(plan.azCommand).toBe(`az aks update -g rg-demo -n ${name} --subscription ${SUB} --network-dataplane cilium --network-policy cilium`);
    }
  });
});
