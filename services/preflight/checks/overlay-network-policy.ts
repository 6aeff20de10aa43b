// overlay-network-policy: Azure NPM or Calico must be removed (its own update) before Overlay.
import type { CheckDefinition } from '../types.ts';
import { azTarget, parseKubernetesVersion, versionBelow } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks Overlay while `networkPolicy` is `azure` or `calico`. */
export const overlayNetworkPolicy: CheckDefinition = {
  id: 'overlay-network-policy',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const policy = snapshot.derived.networkPolicy;
    if (policy !== 'azure' && policy !== 'calico') return { status: 'pass' };
    const t = azTarget(snapshot);
    const versionText = snapshot.cluster.currentKubernetesVersion ?? snapshot.cluster.kubernetesVersion;
    const version = parseKubernetesVersion(versionText);
    const upgradeFirst = !version || versionBelow(version, 1, 30);
    return {
      status: 'fail',
      detail: msg('overlay-network-policy.fail', { cluster: snapshot.cluster.name, policy }),
      remediation: upgradeFirst
        ? msg('overlay-network-policy.fix-upgrade', { az: t, policy, version: version && versionText ? versionText : 'unknown' })
        : msg('overlay-network-policy.fix-direct', { az: t }),
    };
  },
};
