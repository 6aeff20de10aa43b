// overlay-kubenet-identity: kubenet -> Overlay needs a user-assigned managed identity (since 2026-03).
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';

/** Blocks kubenet -> Overlay unless `identity.type` is `UserAssigned`. */
export const overlayKubenetIdentity: CheckDefinition = {
  id: 'overlay-kubenet-identity',
  title: 'Kubenet cluster uses a user-assigned managed identity',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Switch the cluster to a user-assigned managed identity first: az aks update -g RG -n NAME --enable-managed-identity --assign-identity <identity resource id>.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    if (snapshot.derived.mode !== 'kubenet') return { status: 'not-applicable', reason: 'kubenet sources only' };
    const type = snapshot.cluster.identityType;
    if ((type ?? '').toLowerCase() === 'userassigned') return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} has identity type ${type ?? '(none: service principal)'}; kubenet -> Overlay needs a user-assigned managed identity so AKS can detach the route table.`,
      remediation: `Create or pick a user-assigned identity and switch to it as its own update: az identity create -g ${snapshot.cluster.resourceGroup} -n ${snapshot.cluster.name}-identity ; az aks update ${azTarget(snapshot)} --enable-managed-identity --assign-identity <identity resource id>`,
    };
  },
};
