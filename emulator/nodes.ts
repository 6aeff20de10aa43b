// Kubernetes Node objects as AKS creates them for an agent pool: names, labels, nodeInfo.
// Used to synthesise nodes for fleets that omit them and by the reimage simulation.
import { createHash } from 'node:crypto';

/** The plain JSON shape of a Kubernetes object the emulator serves. */
export type KubeObject = Record<string, unknown> & {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
};

/** The pool fields node synthesis needs (ARM wire spellings, flattened). */
export interface PoolForNodes {
  name: string;
  count?: number;
  mode?: string;
  osType?: string;
  osSKU?: string;
  vmSize?: string;
  nodeImageVersion?: string;
  orchestratorVersion?: string;
  currentOrchestratorVersion?: string;
  availabilityZones?: string[];
}

/** Cluster facts that shape node labels. */
export interface ClusterForNodes {
  id: string;
  name: string;
  location: string;
  nodeResourceGroup: string;
  kubernetesVersion: string;
  overlay: boolean;
  cilium: boolean;
  /** kubenet pod CIDR (nodes then get a /24 `spec.podCIDR` each). */
  kubenetPodCidr?: string;
  /** First IPv4 address of the pool subnet, for InternalIP (default 10.224.0.4). */
  subnetBase?: string;
}

/** Runtime facts derived from a node image version. */
export interface ImageFacts {
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  operatingSystem: 'linux' | 'windows';
}

/** Eight stable digits per cluster/pool, like the suffix AKS puts in VMSS names. */
export function poolDigits(clusterId: string, pool: string): string {
  const hex = createHash('sha256').update(`${clusterId.toLowerCase()}/${pool}`).digest('hex');
  return String(parseInt(hex.slice(0, 8), 16) % 100_000_000).padStart(8, '0');
}

/** Node name of instance `index` of a pool (`aks-<pool>-<digits>-vmss00000N`, Windows `aks<pool>00000N`). */
export function nodeName(clusterId: string, pool: PoolForNodes, index: number): string {
  const suffix = index.toString(36).padStart(6, '0');
  if ((pool.osType ?? '').toLowerCase() === 'windows') return `aks${pool.name}${suffix}`;
  return `aks-${pool.name}-${poolDigits(clusterId, pool.name)}-vmss${suffix}`;
}

/** Plausible OS image, kernel and runtime for a node image version. */
export function imageFacts(pool: PoolForNodes): ImageFacts {
  const image = pool.nodeImageVersion ?? '';
  if ((pool.osType ?? '').toLowerCase() === 'windows' || image.startsWith('AKSWindows')) {
    const build = /(\d{5})\.(\d+)/.exec(image);
    const kernel = build ? `10.0.${build[1]}.${build[2]}` : '10.0.20348.3207';
    const is2019 = image.startsWith('AKSWindows-2019') || (pool.osSKU ?? '').toLowerCase() === 'windows2019';
    const docker = is2019 && !image.toLowerCase().includes('containerd');
    return {
      osImage: is2019 ? 'Windows Server 2019 Datacenter' : 'Windows Server 2022 Datacenter',
      kernelVersion: kernel,
      containerRuntimeVersion: docker ? 'docker://20.10.6' : 'containerd://1.7.20+azure',
      operatingSystem: 'windows',
    };
  }
  if (image.includes('1804')) {
    return { osImage: 'Ubuntu 18.04.6 LTS', kernelVersion: '5.4.0-1089-azure', containerRuntimeVersion: 'containerd://1.5.11+azure-2', operatingSystem: 'linux' };
  }
  if (image.includes('AzureLinux') || image.includes('Mariner')) {
    return { osImage: 'CBL-Mariner/Linux', kernelVersion: '5.15.173.1-1.cm2', containerRuntimeVersion: 'containerd://1.6.26', operatingSystem: 'linux' };
  }
  return { osImage: 'Ubuntu 22.04.5 LTS', kernelVersion: '5.15.0-1079-azure', containerRuntimeVersion: 'containerd://1.7.25-1', operatingSystem: 'linux' };
}

/** Labels AKS puts on nodes for the cluster's network mode (observed, see domain notes §5). */
export function networkLabels(overlay: boolean, cilium: boolean): Record<string, string> {
  const labels: Record<string, string> = {};
  if (overlay) {
    labels['kubernetes.azure.com/azure-cni-overlay'] = 'true';
    labels['kubernetes.azure.com/podnetwork-type'] = 'overlay';
  }
  if (cilium) labels['kubernetes.azure.com/ebpf-dataplane'] = 'cilium';
  return labels;
}

function ipAdd(base: string, n: number): string {
  const parts = base.split('.').map(Number);
  let value = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3] + n;
  const out: number[] = [];
  for (let i = 0; i < 4; i += 1) { out.unshift(value & 255); value = Math.floor(value / 256); }
  return out.join('.');
}

/** Synthesises the Node objects of every pool (counts as given), `offset` spreading InternalIPs. */
export function synthesiseNodes(cluster: ClusterForNodes, pools: PoolForNodes[], created = '2025-03-01T09:00:00Z'): KubeObject[] {
  const nodes: KubeObject[] = [];
  let ipIndex = 4;
  let podBlock = 0;
  for (const pool of pools) {
    const facts = imageFacts(pool);
    const version = `v${pool.currentOrchestratorVersion ?? pool.orchestratorVersion ?? cluster.kubernetesVersion}`;
    for (let i = 0; i < (pool.count ?? 0); i += 1) {
      const name = nodeName(cluster.id, pool, i);
      const zones = pool.availabilityZones ?? [];
      const zone = zones.length > 0 ? `${cluster.location}-${zones[i % zones.length]}` : '0';
      const labels: Record<string, string> = {
        agentpool: pool.name,
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': pool.vmSize ?? 'Standard_D4ds_v5',
        'beta.kubernetes.io/os': facts.operatingSystem,
        'failure-domain.beta.kubernetes.io/region': cluster.location,
        'failure-domain.beta.kubernetes.io/zone': zone,
        'kubernetes.azure.com/agentpool': pool.name,
        'kubernetes.azure.com/cluster': cluster.nodeResourceGroup,
        'kubernetes.azure.com/mode': (pool.mode ?? 'User').toLowerCase(),
        'kubernetes.azure.com/node-image-version': pool.nodeImageVersion ?? '',
        'kubernetes.azure.com/os-sku': pool.osSKU ?? (facts.operatingSystem === 'windows' ? 'Windows2022' : 'Ubuntu'),
        'kubernetes.azure.com/role': 'agent',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': facts.operatingSystem,
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        'node.kubernetes.io/instance-type': pool.vmSize ?? 'Standard_D4ds_v5',
        'topology.kubernetes.io/region': cluster.location,
        'topology.kubernetes.io/zone': zone,
        ...networkLabels(cluster.overlay, cluster.cilium),
      };
      const vmssName = facts.operatingSystem === 'windows' ? `aks${pool.name}` : `aks-${pool.name}-${poolDigits(cluster.id, pool.name)}-vmss`;
      const subscription = cluster.id.split('/')[2] ?? '';
      const spec: Record<string, unknown> = {
        providerID: `azure:///subscriptions/${subscription}/resourceGroups/${cluster.nodeResourceGroup.toLowerCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmssName}/virtualMachines/${i}`,
      };
      if (cluster.kubenetPodCidr) {
        const [base] = cluster.kubenetPodCidr.split('/');
        const cidr = `${ipAdd(base, podBlock * 256)}/24`;
        spec.podCIDR = cidr;
        spec.podCIDRs = [cidr];
        podBlock += 1;
      }
      const ip = ipAdd(cluster.subnetBase ?? '10.224.0.0', ipIndex);
      ipIndex += 1;
      nodes.push({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          uid: uuidFrom(`${cluster.id}/${name}`),
          resourceVersion: '1',
          creationTimestamp: created,
          labels,
          annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
        },
        spec,
        status: {
          addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
          capacity: { cpu: '4', memory: '16373252Ki', pods: '110' },
          allocatable: { cpu: '3860m', memory: '12880900Ki', pods: '110' },
          conditions: [
            { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: created, lastTransitionTime: created },
            { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: created, lastTransitionTime: created },
            { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: created, lastTransitionTime: created },
            { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: created, lastTransitionTime: created },
          ],
          nodeInfo: {
            architecture: 'amd64',
            bootID: uuidFrom(`boot/${cluster.id}/${name}`),
            containerRuntimeVersion: facts.containerRuntimeVersion,
            kernelVersion: facts.kernelVersion,
            kubeProxyVersion: version,
            kubeletVersion: version,
            machineID: uuidFrom(`machine/${cluster.id}/${name}`).replace(/-/g, ''),
            operatingSystem: facts.operatingSystem,
            osImage: facts.osImage,
            systemUUID: uuidFrom(`system/${cluster.id}/${name}`),
          },
        },
      });
    }
  }
  return nodes;
}

/** A deterministic UUID-shaped string derived from `seed`. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Surge nodes of a pool, as a VMSS surge upgrade adds them: copies of the pool's last node named as
 * the next VMSS instances, joined (Ready, schedulable) at `created` and already carrying `labels`
 * (the target network labels) instead of the old network labels. */
export function surgeNodes(poolNodes: KubeObject[], count: number, labels: Record<string, string>, created: string): KubeObject[] {
  const template = poolNodes[poolNodes.length - 1];
  if (!template || count <= 0) return [];
  const vmss = /^(.*?)([0-9a-z]{6})$/;
  const prefix = vmss.exec(template.metadata.name)?.[1];
  const highest = Math.max(...poolNodes.map((n) => {
    const m = vmss.exec(n.metadata.name);
    return m && m[1] === prefix ? parseInt(m[2], 36) : -1;
  }));
  const networkKeys = Object.keys(networkLabels(true, true));
  const out: KubeObject[] = [];
  for (let i = 0; i < count; i += 1) {
    const index = highest + 1 + i;
    const name = prefix !== undefined ? `${prefix}${index.toString(36).padStart(6, '0')}` : `${template.metadata.name}-surge${i}`;
    const node = structuredClone(template);
    const nodeLabels = Object.fromEntries(Object.entries(node.metadata.labels ?? {}).filter(([k]) => !networkKeys.includes(k)));
    node.metadata = {
      ...node.metadata,
      name,
      uid: uuidFrom(`surge/${template.metadata.uid as string ?? template.metadata.name}/${name}/${created}`),
      resourceVersion: '1',
      creationTimestamp: created,
      labels: { ...nodeLabels, 'kubernetes.io/hostname': name, ...labels },
    };
    const spec = { ...((node.spec as Record<string, unknown> | undefined) ?? {}) };
    delete spec.unschedulable;
    delete spec.podCIDR;
    delete spec.podCIDRs;
    const taints = ((spec.taints as { key?: string }[] | undefined) ?? []).filter((t) => t.key !== 'node.kubernetes.io/unschedulable');
    if (taints.length > 0) spec.taints = taints; else delete spec.taints;
    if (typeof spec.providerID === 'string') spec.providerID = spec.providerID.replace(/\/virtualMachines\/\d+$/, `/virtualMachines/${index}`);
    node.spec = spec;
    const status = structuredClone((node.status as Record<string, unknown> | undefined) ?? {});
    status.addresses = ((status.addresses as { type: string; address: string }[] | undefined) ?? []).map((a) => (a.type === 'Hostname' ? { ...a, address: name } : a.type === 'InternalIP' ? { ...a, address: surgeIp(a.address, i) } : a));
    status.conditions = ((status.conditions as Record<string, unknown>[] | undefined) ?? []).map((cond) => (cond.type === 'Ready'
      ? { ...cond, status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: created, lastTransitionTime: created }
      : { ...cond, lastHeartbeatTime: created, lastTransitionTime: created }));
    const info = status.nodeInfo as Record<string, unknown> | undefined;
    if (info) {
      info.bootID = uuidFrom(`boot/surge/${name}/${created}`);
      info.machineID = uuidFrom(`machine/surge/${name}/${created}`).replace(/-/g, '');
      info.systemUUID = uuidFrom(`system/surge/${name}/${created}`);
    }
    node.status = status;
    out.push(node);
  }
  return out;
}

/** An address for surge node `i` in the template's /24 (from .240 up). */
function surgeIp(address: string, i: number): string {
  const parts = address.split('.');
  if (parts.length !== 4) return address;
  return [...parts.slice(0, 3), String(240 + (i % 15))].join('.');
}
