// The explicit registry of every preflight check (style.md 5): a literal array in catalogue
// order (spec/checks.md). No directory scanning; duplicate ids fail at module load and in a test.
import type { CheckDefinition } from './types.ts';
import { clusterProvisioningState } from './checks/cluster-provisioning-state.ts';
import { simultaneousReimage } from './checks/simultaneous-reimage.ts';
import { pdbBlocksDrain } from './checks/pdb-blocks-drain.ts';
import { migrationIncomplete } from './checks/migration-incomplete.ts';
import { overlaySourceMode } from './checks/overlay-source-mode.ts';
import { overlayKubernetesVersion } from './checks/overlay-kubernetes-version.ts';
import { overlayNetworkPolicy } from './checks/overlay-network-policy.ts';
import { overlayWindowsDocker } from './checks/overlay-windows-docker.ts';
import { overlayWindowsBuild } from './checks/overlay-windows-build.ts';
import { overlayIpMasqAgentConfig } from './checks/overlay-ip-masq-agent-config.ts';
import { overlayPodCidrMissing } from './checks/overlay-pod-cidr-missing.ts';
import { overlayPodCidrInvalid } from './checks/overlay-pod-cidr-invalid.ts';
import { overlayPodCidrReserved } from './checks/overlay-pod-cidr-reserved.ts';
import { overlayPodCidrOverlap } from './checks/overlay-pod-cidr-overlap.ts';
import { overlayPodCidrCapacity } from './checks/overlay-pod-cidr-capacity.ts';
import { overlayPodCidrPublic } from './checks/overlay-pod-cidr-public.ts';
import { overlayKubenetIdentity } from './checks/overlay-kubenet-identity.ts';
import { overlayKubenetRouteTable } from './checks/overlay-kubenet-route-table.ts';
import { overlayUnsupportedPool } from './checks/overlay-unsupported-pool.ts';
import { overlayVirtualNodes } from './checks/overlay-virtual-nodes.ts';
import { overlayDualStack } from './checks/overlay-dual-stack.ts';
import { overlayPodReachability } from './checks/overlay-pod-reachability.ts';
import { ciliumSourceMode } from './checks/cilium-source-mode.ts';
import { ciliumWindowsPools } from './checks/cilium-windows-pools.ts';
import { ciliumNodeAutoProvisioning } from './checks/cilium-node-auto-provisioning.ts';
import { ciliumDualStackVersion } from './checks/cilium-dual-stack-version.ts';
import { ciliumPolicyEngineReplaced } from './checks/cilium-policy-engine-replaced.ts';
import { ciliumEnforcementGap } from './checks/cilium-enforcement-gap.ts';
import { ciliumPolicyCompat } from './checks/cilium-policy-compat.ts';

/** Throws when two checks share an id; returns the list unchanged otherwise. */
export function assertUniqueIds(checks: readonly CheckDefinition[]): readonly CheckDefinition[] {
  const seen = new Set<string>();
  for (const check of checks) {
    if (seen.has(check.id)) throw new Error(`duplicate preflight check id "${check.id}"`);
    seen.add(check.id);
  }
  return checks;
}

/** Every check of the catalogue, in catalogue order; validated for unique ids at start-up. */
export const CHECKS: readonly CheckDefinition[] = assertUniqueIds([
  clusterProvisioningState,
  simultaneousReimage,
  pdbBlocksDrain,
  migrationIncomplete,
  overlaySourceMode,
  overlayKubernetesVersion,
  overlayNetworkPolicy,
  overlayWindowsDocker,
  overlayWindowsBuild,
  overlayIpMasqAgentConfig,
  overlayPodCidrMissing,
  overlayPodCidrInvalid,
  overlayPodCidrReserved,
  overlayPodCidrOverlap,
  overlayPodCidrCapacity,
  overlayPodCidrPublic,
  overlayKubenetIdentity,
  overlayKubenetRouteTable,
  overlayUnsupportedPool,
  overlayVirtualNodes,
  overlayDualStack,
  overlayPodReachability,
  ciliumSourceMode,
  ciliumWindowsPools,
  ciliumNodeAutoProvisioning,
  ciliumDualStackVersion,
  ciliumPolicyEngineReplaced,
  ciliumEnforcementGap,
  ciliumPolicyCompat,
]);

/** The check with this id, if registered. */
export function checkById(id: string): CheckDefinition | undefined {
  return CHECKS.find((c) => c.id === id);
}
