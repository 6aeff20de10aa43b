// The migration plan: the exact `networkProfile` fields the update sends (merge them over the
// cluster's current networkProfile and PUT with If-Match), and the equivalent `az aks update`.
import type { ClusterSnapshot, Target } from '../cluster/types.ts';
import type { MigrationPlan } from '../preflight/types.ts';

/** Placeholder shown in the az command when a required pod CIDR is not known yet. */
export const POD_CIDR_PLACEHOLDER = '<pod-cidr>';

/**
 * The networkProfile change and az command for `target`. Overlay: networkPlugin azure +
 * networkPluginMode overlay (+ podCidr: always from node-subnet, only when given from kubenet).
 * Cilium: networkDataplane cilium + networkPolicy cilium. Never IPAM and data plane together.
 */
export function planMigration(snapshot: ClusterSnapshot, target: Target, podCidr?: string): MigrationPlan {
  const c = snapshot.cluster;
  const base = `az aks update -g ${c.resourceGroup} -n ${c.name} --subscription ${c.subscriptionId}`;
  const cidr = podCidr?.trim() || undefined;
  if (target === 'cilium') {
    return {
      networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' },
      azCommand: `${base} --network-dataplane cilium --network-policy cilium`,
    };
  }
  const networkProfile: Record<string, string> = { networkPlugin: 'azure', networkPluginMode: 'overlay' };
  if (cidr) networkProfile.podCidr = cidr;
  const needsCidr = snapshot.derived.mode !== 'kubenet';
  const cidrArg = cidr ? ` --pod-cidr ${cidr}` : needsCidr ? ` --pod-cidr ${POD_CIDR_PLACEHOLDER}` : '';
  return {
    networkProfile,
    azCommand: `${base} --network-plugin azure --network-plugin-mode overlay${cidrArg}`,
  };
}
