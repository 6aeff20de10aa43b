// overlay-network-policy: Azure NPM or Calico must be removed (its own update) before Overlay.
import type { CheckDefinition } from '../types.ts';
import { azTarget, parseKubernetesVersion, versionBelow } from '../facts.ts';

/** Blocks Overlay while `networkPolicy` is `azure` or `calico`. */
export const overlayNetworkPolicy: CheckDefinition = {
  id: 'overlay-network-policy',
  title: 'No Azure NPM or Calico network policy engine',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Uninstall the policy engine in a separate update first (az aks update -g RG -n NAME --network-policy none); below Kubernetes 1.30 upgrade Kubernetes first.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const policy = snapshot.derived.networkPolicy;
    if (policy !== 'azure' && policy !== 'calico') return { status: 'pass' };
    const t = azTarget(snapshot);
    const versionText = snapshot.cluster.currentKubernetesVersion ?? snapshot.cluster.kubernetesVersion;
    const version = parseKubernetesVersion(versionText);
    const upgradeFirst = !version || versionBelow(version, 1, 30);
    const steps = [
      ...(upgradeFirst ? [`az aks upgrade ${t} --kubernetes-version <1.30 or later> (the resource provider refuses to uninstall ${policy === 'azure' ? 'Azure NPM' : 'Calico'} below 1.30${version ? `; the cluster runs ${versionText}` : '; the version could not be read'})`] : []),
      `az aks update ${t} --network-policy none`,
    ];
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} uses networkPolicy ${policy} (${policy === 'azure' ? 'Azure Network Policy Manager' : 'Calico'}); Overlay cannot be enabled while a policy engine is installed. After uninstalling it, existing NetworkPolicy objects stay but are not enforced until Cilium is enabled.`,
      remediation: `Uninstall the engine as its own update, then run the preflight again: ${steps.join(' ; then ')}`,
    };
  },
};
