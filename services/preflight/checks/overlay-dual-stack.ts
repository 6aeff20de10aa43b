// overlay-dual-stack: dual-stack kubenet loses IPv6 traffic until the migration ends (Azure/AKS#5120).
import type { CheckDefinition } from '../types.ts';

/** Warns for dual-stack kubenet sources. */
export const overlayDualStack: CheckDefinition = {
  id: 'overlay-dual-stack',
  title: 'Dual-stack kubenet: IPv6 interruption',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Plan for IPv6 traffic to break until every node is reimaged: move IPv6-dependent traffic to IPv4 or schedule a window.',
  docsUrl: 'https://github.com/Azure/AKS/issues/5120',
  evaluate(snapshot) {
    if (snapshot.derived.mode !== 'kubenet') return { status: 'not-applicable', reason: 'kubenet sources only' };
    const families = snapshot.cluster.networkProfile.ipFamilies;
    if (!families.some((f) => f.toLowerCase() === 'ipv6')) return { status: 'pass' };
    const v6 = snapshot.cluster.networkProfile.podCidrs.filter((c) => c.includes(':'));
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} is dual-stack kubenet (ipFamilies ${families.join(', ')}${v6.length ? `, IPv6 pod CIDR ${v6.join(', ')}` : ''}): IPv6 pod traffic breaks until the migration finishes.`,
    };
  },
};
