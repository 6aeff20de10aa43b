// The node labels AKS puts on a node once it runs the target network configuration (observed, not
// documented: domain notes §5). Shared by the preflight (is every node converted?) and progress.
import type { KubeNode, Target } from './types.ts';

/** Labels that mark a node as converted, per target; one of them is enough. */
export const TARGET_NODE_LABELS: Readonly<Record<Target, readonly (readonly [string, string])[]>> = {
  overlay: [['kubernetes.azure.com/azure-cni-overlay', 'true'], ['kubernetes.azure.com/podnetwork-type', 'overlay']],
  cilium: [['kubernetes.azure.com/ebpf-dataplane', 'cilium']],
};

/** True when the node carries one of the target's labels. */
export function nodeShowsTarget(node: Pick<KubeNode, 'labels'>, target: Target): boolean {
  return TARGET_NODE_LABELS[target].some(([k, v]) => node.labels[k] === v);
}

/** True for a virtual node (ACI virtual kubelet): AKS never reimages it, so it carries no target label. */
export function isVirtualNode(node: Pick<KubeNode, 'labels'>): boolean {
  return node.labels.type === 'virtual-kubelet';
}
