// overlay-kubenet-identity: kubenet -> Overlay needs a user-assigned managed identity (since 2026-03).
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks kubenet -> Overlay unless `identity.type` is `UserAssigned`. */
export const overlayKubenetIdentity: CheckDefinition = {
  id: 'overlay-kubenet-identity',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    if (snapshot.derived.mode !== 'kubenet') return { status: 'not-applicable', reason: 'kubenet sources only' };
    const type = snapshot.cluster.identityType;
    if ((type ?? '').toLowerCase() === 'userassigned') return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('overlay-kubenet-identity.fail', { cluster: snapshot.cluster.name, identity: type ?? 'none' }),
      remediation: msg('overlay-kubenet-identity.fail.fix', { rg: snapshot.cluster.resourceGroup, cluster: snapshot.cluster.name, az: azTarget(snapshot) }),
    };
  },
};
