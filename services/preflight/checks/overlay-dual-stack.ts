// overlay-dual-stack: dual-stack kubenet loses IPv6 traffic until the migration ends (Azure/AKS#5120).
import type { CheckDefinition } from '../types.ts';
import { msg } from '../messages.ts';

/** Warns for dual-stack kubenet sources. */
export const overlayDualStack: CheckDefinition = {
  id: 'overlay-dual-stack',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://github.com/Azure/AKS/issues/5120',
  evaluate(snapshot) {
    if (snapshot.derived.mode !== 'kubenet') return { status: 'not-applicable', reason: 'kubenet sources only' };
    const families = snapshot.cluster.networkProfile.ipFamilies;
    if (!families.some((f) => f.toLowerCase() === 'ipv6')) return { status: 'pass' };
    const v6 = snapshot.cluster.networkProfile.podCidrs.filter((c) => c.includes(':'));
    return {
      status: 'fail',
      detail: msg('overlay-dual-stack.fail', { cluster: snapshot.cluster.name, families: [...families], v6, hasV6: v6.length > 0 ? 'yes' : 'no' }),
    };
  },
};
