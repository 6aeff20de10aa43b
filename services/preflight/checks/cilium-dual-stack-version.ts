// cilium-dual-stack-version: dual-stack with Cilium needs Kubernetes 1.29+.
import type { CheckDefinition } from '../types.ts';
import { azTarget, kubernetesVersion, versionBelow } from '../facts.ts';

/** Blocks Cilium on dual-stack clusters below Kubernetes 1.29. */
export const ciliumDualStackVersion: CheckDefinition = {
  id: 'cilium-dual-stack-version',
  title: 'Dual-stack clusters run Kubernetes 1.29 or later',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  remediation: 'Upgrade Kubernetes to 1.29 or later first (az aks upgrade -g RG -n NAME --kubernetes-version VERSION).',
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const families = snapshot.cluster.networkProfile.ipFamilies;
    if (!families.some((f) => f.toLowerCase() === 'ipv6')) return { status: 'not-applicable', reason: 'single-stack IPv4' };
    const v = kubernetesVersion(snapshot);
    if ('unverified' in v) return v.unverified;
    if (!versionBelow(v.version, 1, 29)) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} is dual-stack (ipFamilies ${families.join(', ')}) on Kubernetes ${v.text}; Cilium with dual-stack needs 1.29 or later.`,
      remediation: `az aks upgrade ${azTarget(snapshot)} --kubernetes-version <1.29 or later> (one minor version at a time; see az aks get-upgrades ${azTarget(snapshot)})`,
    };
  },
};
