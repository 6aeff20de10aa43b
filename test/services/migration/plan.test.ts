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
    expect(plan.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
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
    expect(planMigration(byName('aks-kubenet'), 'overlay', kept).networkProfile.podCidr).toBe(kept);
  });

  it('cilium sends data plane and policy together, never an IPAM change', () => {
    for (const name of ['aks-calico', 'aks-overlay', 'aks-podsubnet']) {
      const plan = planMigration(byName(name), 'cilium', '10.0.0.0/8');
      expect(plan.networkProfile).toEqual({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
      expect(plan.azCommand).toBe(`az aks update -g rg-demo -n ${name} --subscription ${SUB} --network-dataplane cilium --network-policy cilium`);
    }
  });
});
