// overlay-kubernetes-version: Overlay migration needs Kubernetes 1.27 or later (docs since 2025-11).
import type { CheckDefinition } from '../types.ts';
import { azTarget, kubernetesVersion, versionBelow } from '../facts.ts';

/** Blocks Overlay below Kubernetes 1.27. */
export const overlayKubernetesVersion: CheckDefinition = {
  id: 'overlay-kubernetes-version',
  title: 'Kubernetes version is 1.27 or later',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Upgrade the cluster to Kubernetes 1.27 or later first (az aks upgrade -g RG -n NAME --kubernetes-version VERSION).',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const v = kubernetesVersion(snapshot);
    if ('unverified' in v) return v.unverified;
    if (!versionBelow(v.version, 1, 27)) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} runs Kubernetes ${v.text}; the Overlay migration needs 1.27 or later.`,
      remediation: `Upgrade Kubernetes first, one minor version at a time (list them with az aks get-upgrades ${azTarget(snapshot)}): az aks upgrade ${azTarget(snapshot)} --kubernetes-version <next 1.x version>`,
    };
  },
};
