// The migration plan: the exact `networkProfile` fields the update sends (merge them over the
// cluster's current networkProfile and PUT with If-Match), and the equivalent `az aks update`.
import type { ClusterSnapshot, Target } from '../cluster/types.ts';
import type { MigrationPlan, NetworkProfileChange } from '../preflight/types.ts';

/** Placeholder shown in the az command when a required pod CIDR is not known yet. */
export const POD_CIDR_PLACEHOLDER = '<pod-cidr>';

const isIpv6 = (cidr: string): boolean => cidr.includes(':');

/**
 * `podCidrs` that agrees with `podCidr` (the RP refuses a mismatch): the IPv4 pod CIDR first, then
 * the cluster's existing IPv6 entries (a dual-stack cluster keeps them).
 */
export function podCidrsFor(podCidr: string, existing: readonly string[]): string[] {
  return [podCidr, ...existing.filter(isIpv6)];
}

/** The cluster's current IPv4 pod CIDR (`podCidr`, else the IPv4 entry of `podCidrs`). */
function currentPodCidr(snapshot: ClusterSnapshot): string | undefined {
  const np = snapshot.cluster.networkProfile;
  return np.podCidr ?? np.podCidrs.find((c) => !isIpv6(c));
}

/**
 * The networkProfile change and az command for `target`. Overlay: networkPlugin azure +
 * networkPluginMode overlay (+ podCidr and a matching podCidrs: always from node-subnet, only when
 * given from kubenet, the cluster's own when finishing an Overlay migration). Cilium:
 * networkDataplane cilium + networkPolicy cilium. Never IPAM and data plane together. On a cluster
 * already at the target this is the same update again, which is how AKS finishes a migration.
 */
export function planMigration(snapshot: ClusterSnapshot, target: Target, podCidr?: string): MigrationPlan {
  const c = snapshot.cluster;
  const base = `az aks update -g ${c.resourceGroup} -n ${c.name} --subscription ${c.subscriptionId}`;
  if (target === 'cilium') {
    return {
      networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' },
      azCommand: `${base} --network-dataplane cilium --network-policy cilium`,
    };
  }
  const mode = snapshot.derived.mode;
  // Finishing an Overlay migration sends the pod CIDR the cluster already has, never a new one.
  const cidr = mode === 'overlay' ? currentPodCidr(snapshot) : podCidr?.trim() || undefined;
  const networkProfile: NetworkProfileChange = { networkPlugin: 'azure', networkPluginMode: 'overlay' };
  if (cidr) {
    networkProfile.podCidr = cidr;
    networkProfile.podCidrs = podCidrsFor(cidr, c.networkProfile.podCidrs);
  }
  const needsCidr = mode !== 'kubenet' && mode !== 'overlay';
  const cidrArg = cidr ? ` --pod-cidr ${cidr}` : needsCidr ? ` --pod-cidr ${POD_CIDR_PLACEHOLDER}` : '';
  return {
    networkProfile,
    azCommand: `${base} --network-plugin azure --network-plugin-mode overlay${cidrArg}`,
  };
}
