// Pods of an emulated cluster, computed from its live nodes at every read so they follow a reimage:
// the AKS system DaemonSets per Linux node (azure-cns where the node runs Azure CNI, kube-proxy on a
// node until it runs Cilium, cilium once it does), two coredns replicas on system nodes, and the
// fleet's own pods. A fleet pod annotated `emulator.netpilot.io/after-reimage` fails once its node
// was reimaged by a network migration (CrashLoopBackOff, NotReady or Pending).
import type { Json } from './json.ts';
import { uuidFrom, type KubeObject } from './nodes.ts';

/** Annotation of a fleet pod that fails once its node was reimaged. */
export const AFTER_REIMAGE_ANNOTATION = 'emulator.netpilot.io/after-reimage';

/** How a pod fails after its node's reimage. */
export type AfterReimage = 'CrashLoopBackOff' | 'NotReady' | 'Pending';

/** Values the annotation accepts (the fleet schema checks them). */
export const AFTER_REIMAGE_VALUES: readonly AfterReimage[] = ['CrashLoopBackOff', 'NotReady', 'Pending'];

/** What the pod synthesis reads of a cluster. */
export interface PodSource {
  clusterId: string;
  nodes: KubeObject[];
  /** The fleet's pods (absent: the cluster serves no pods: 403, like any list the fleet lacks). */
  pods?: KubeObject[];
  /** False: only the fleet's pods are served (a snapshot that already lists kube-system). */
  systemPods?: boolean;
  /** Nodes reimaged by a network migration so far. */
  reimaged: readonly string[];
}

const IMAGES = {
  'azure-cns': 'mcr.microsoft.com/containernetworking/azure-cns:v1.6.21',
  'kube-proxy': 'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.30.7-hotfix.20250130',
  cilium: 'mcr.microsoft.com/containernetworking/cilium/cilium:v1.16.6-250129',
  coredns: 'mcr.microsoft.com/oss/kubernetes/coredns:v1.11.3-5',
} as const;

const labelsOf = (n: KubeObject): Record<string, string> => n.metadata.labels ?? {};
const isLinux = (n: KubeObject): boolean => (labelsOf(n)['kubernetes.io/os'] ?? 'linux') === 'linux';
const isReady = (n: KubeObject): boolean => (((n.status as Json | undefined)?.conditions as Json[] | undefined) ?? [])
  .some((c) => c.type === 'Ready' && c.status === 'True');
const runsCilium = (n: KubeObject): boolean => labelsOf(n)['kubernetes.azure.com/ebpf-dataplane'] === 'cilium';
/** A kubenet node has a node pod CIDR and no Overlay label; every other node runs Azure CNI (and CNS). */
const runsAzureCni = (n: KubeObject): boolean => labelsOf(n)['kubernetes.azure.com/azure-cni-overlay'] === 'true'
  || typeof (n.spec as Json | undefined)?.podCIDR !== 'string';

function suffix(seed: string, length: number): string {
  return uuidFrom(seed).replace(/-/g, '').replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]).slice(0, length);
}

interface PodLook {
  phase: 'Running' | 'Pending';
  ready: boolean;
  waiting?: { reason: string; message: string };
  restarts: number;
}

function status(container: string, image: string, look: PodLook, hostIP: string | undefined, podIP: string | undefined, started: string): Json {
  const readyCond = look.ready ? 'True' : 'False';
  const state = look.waiting ? { waiting: look.waiting } : look.phase === 'Running' ? { running: { startedAt: started } } : { waiting: { reason: 'ContainerCreating' } };
  return {
    phase: look.phase,
    conditions: [
      { type: 'PodReadyToStartContainers', status: look.phase === 'Running' ? 'True' : 'False', lastTransitionTime: started },
      { type: 'Initialized', status: 'True', lastTransitionTime: started },
      { type: 'Ready', status: readyCond, lastTransitionTime: started, ...(look.ready ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${container}]` }) },
      { type: 'ContainersReady', status: readyCond, lastTransitionTime: started, ...(look.ready ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${container}]` }) },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: started },
    ],
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: started,
    qosClass: 'Burstable',
    containerStatuses: [{
      name: container, image, imageID: `${image}@sha256:${uuidFrom(image).replace(/-/g, '')}`, ready: look.ready,
      started: look.phase === 'Running' && !look.waiting, restartCount: look.restarts, state,
      ...(look.restarts > 0 ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: started, finishedAt: started } } } : {}),
    }],
  };
}

function hostIp(n: KubeObject): string | undefined {
  const a = (((n.status as Json | undefined)?.addresses as { type: string; address: string }[] | undefined) ?? []).find((x) => x.type === 'InternalIP');
  return a?.address;
}

function systemPod(clusterId: string, owner: { kind: 'DaemonSet' | 'ReplicaSet'; name: string }, app: keyof typeof IMAGES, name: string, node: KubeObject, hostNetwork: boolean): KubeObject {
  const started = String(node.metadata.creationTimestamp ?? '2025-03-01T09:00:00Z');
  const ip = hostIp(node);
  const look: PodLook = { phase: 'Running', ready: isReady(node), restarts: 0 };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name, namespace: 'kube-system', uid: uuidFrom(`pod/${clusterId}/${name}`), resourceVersion: '1', creationTimestamp: started,
      labels: { 'k8s-app': app, ...(owner.kind === 'DaemonSet' ? { 'controller-revision-hash': suffix(owner.name, 10) } : { 'pod-template-hash': suffix(owner.name, 10) }), 'kubernetes.azure.com/managedby': 'aks' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: uuidFrom(`${clusterId}/${owner.name}`), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: node.metadata.name, priorityClassName: 'system-node-critical', hostNetwork,
      containers: [{ name: app, image: IMAGES[app] }],
    },
    status: status(app, IMAGES[app], look, ip, hostNetwork ? ip : `10.244.${suffix(name, 1).charCodeAt(0) % 250}.${(suffix(name, 2).charCodeAt(1) % 250) + 2}`, started),
  };
}

/** The AKS system pods of the nodes as they are now. */
export function systemPods(clusterId: string, nodes: readonly KubeObject[]): KubeObject[] {
  const linux = nodes.filter(isLinux);
  const pods: KubeObject[] = [];
  for (const node of linux) {
    const n = node.metadata.name;
    if (runsAzureCni(node)) pods.push(systemPod(clusterId, { kind: 'DaemonSet', name: 'azure-cns' }, 'azure-cns', `azure-cns-${suffix(`cns/${n}`, 5)}`, node, true));
    if (runsCilium(node)) pods.push(systemPod(clusterId, { kind: 'DaemonSet', name: 'cilium' }, 'cilium', `cilium-${suffix(`cilium/${n}`, 5)}`, node, true));
    else pods.push(systemPod(clusterId, { kind: 'DaemonSet', name: 'kube-proxy' }, 'kube-proxy', `kube-proxy-${suffix(`proxy/${n}`, 5)}`, node, true));
  }
  const system = linux.filter((n) => labelsOf(n)['kubernetes.azure.com/mode'] === 'system');
  const hosts = (system.length > 0 ? system : linux).slice(0, 2);
  const rs = `coredns-${suffix(`${clusterId}/coredns`, 10)}`;
  hosts.forEach((node, i) => pods.push(systemPod(clusterId, { kind: 'ReplicaSet', name: rs }, 'coredns', `${rs}-${suffix(`coredns/${i}`, 5)}`, node, false)));
  return pods;
}

const FAILURES: Record<AfterReimage, PodLook> = {
  CrashLoopBackOff: { phase: 'Running', ready: false, restarts: 6,
    waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
  NotReady: { phase: 'Running', ready: false, restarts: 0 },
  Pending: { phase: 'Pending', ready: false, restarts: 0 },
};

/** A fleet pod as served: its node (given, else the first Linux node), its status (given, else
 * Running and ready), and the failure its annotation asks for once that node was reimaged. */
export function fleetPod(pod: KubeObject, src: PodSource): KubeObject {
  const out = structuredClone(pod);
  out.metadata.namespace ??= 'default';
  out.metadata.uid ??= uuidFrom(`pod/${src.clusterId}/${out.metadata.namespace}/${out.metadata.name}`);
  const spec = (out.spec ??= {}) as Json;
  const containers = (spec.containers as Json[] | undefined) ?? [];
  if (containers.length === 0) spec.containers = [{ name: out.metadata.name, image: 'mcr.microsoft.com/azuredocs/aks-helloworld:v1' }];
  spec.nodeName ??= src.nodes.find(isLinux)?.metadata.name;
  const node = src.nodes.find((n) => n.metadata.name === spec.nodeName);
  const first = ((spec.containers as Json[])[0] ?? {}) as Json;
  const started = String(out.metadata.creationTimestamp ?? '2025-03-01T09:00:00Z');
  out.metadata.creationTimestamp = started;
  const fail = ((out.metadata.annotations as Record<string, string> | undefined) ?? {})[AFTER_REIMAGE_ANNOTATION] as AfterReimage | undefined;
  const failing = fail !== undefined && typeof spec.nodeName === 'string' && src.reimaged.includes(spec.nodeName);
  if (failing || out.status === undefined) {
    const look = failing ? FAILURES[fail] : { phase: 'Running' as const, ready: node ? isReady(node) : true, restarts: 0 };
    out.status = status(String(first.name ?? out.metadata.name), String(first.image ?? ''), look, node ? hostIp(node) : undefined, undefined, started);
  }
  return out;
}

/** Every pod the cluster serves now, or undefined when the fleet gives it no pods. */
export function clusterPods(src: PodSource): KubeObject[] | undefined {
  if (!src.pods) return undefined;
  return [...(src.systemPods === false ? [] : systemPods(src.clusterId, src.nodes)), ...src.pods.map((p) => fleetPod(p, src))];
}
