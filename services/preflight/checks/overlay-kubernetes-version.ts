// overlay-kubernetes-version: Overlay migration needs Kubernetes 1.27 or later (docs since 2025-11).
import type { CheckDefinition } from '../types.ts';
import { azTarget, kubernetesVersion, versionBelow } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks Overlay below Kubernetes 1.27. */
export const overlayKubernetesVersion: CheckDefinition = {
  id: 'overlay-kubernetes-version',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const v = kubernetesVersion(snapshot);
    if ('unverified' in v) return v.unverified;
    if (!versionBelow(v.version, 1, 27)) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('overlay-kubernetes-version.fail', { cluster: snapshot.cluster.name, version: v.text }),
      remediation: msg('overlay-kubernetes-version.fail.fix', { az: azTarget(snapshot) }),
    };
  },
};
