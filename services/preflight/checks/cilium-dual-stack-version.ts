// cilium-dual-stack-version: dual-stack with Cilium needs Kubernetes 1.29+.
import type { CheckDefinition } from '../types.ts';
import { azTarget, kubernetesVersion, versionBelow } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks Cilium on dual-stack clusters below Kubernetes 1.29. */
export const ciliumDualStackVersion: CheckDefinition = {
  id: 'cilium-dual-stack-version',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const families = snapshot.cluster.networkProfile.ipFamilies;
    if (!families.some((f) => f.toLowerCase() === 'ipv6')) return { status: 'not-applicable', reason: 'single-stack IPv4' };
    const v = kubernetesVersion(snapshot);
    if ('unverified' in v) return v.unverified;
    if (!versionBelow(v.version, 1, 29)) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('cilium-dual-stack-version.fail', { cluster: snapshot.cluster.name, families: [...families], version: v.text }),
      remediation: msg('cilium-dual-stack-version.fail.fix', { az: azTarget(snapshot) }),
    };
  },
};
