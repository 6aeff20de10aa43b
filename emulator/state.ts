// The emulated world: managed clusters (ARM wire form), their Kubernetes objects, and the
// long-running operations that change them (update, network migration with reimage, create).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Fleet, FleetCluster, FleetKubernetes, Json } from './fleet.ts';
import { networkLabels, synthesiseNodes, type KubeObject, type PoolForNodes } from './nodes.ts';
import type { UpdateKind } from './validation.ts';

/** Time source and timers; the default is the real clock. Durations given to it are already scaled. */
export interface EmulatorClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const realClock: EmulatorClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** An ARM async operation as its status endpoint reports it. */
export interface Operation {
  id: string;
  subscriptionId: string;
  location: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string; details?: { code: string; message: string }[] };
}

/** One emulated cluster. */
export interface ClusterState {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Managed cluster resource, ARM wire form, without agentPoolProfiles. */
  cluster: Json;
  pools: Json[];
  virtualNetworks: Json[];
  routeTables: Json[];
  kubernetes?: FleetKubernetes & { nodes: KubeObject[] };
  /** Bearer token of the emulated Kubernetes API. */
  token: string;
  resourceVersion: number;
  operation?: Operation;
}

/** Durations of emulated work at speed 1, in milliseconds (tuned to the recorded migrations). */
export const TIMINGS = {
  overlay: { setup: 60_000, drain: 45_000, reimage: 120_000, rejoin: 15_000, finish: 30_000 },
  cilium: { setup: 180_000, drain: 100_000, reimage: 260_000, rejoin: 40_000, finish: 60_000 },
  quick: 30_000,
  policy: 120_000,
  create: 240_000,
  defaultDrainTimeoutMinutes: 30,
} as const;

function props(c: ClusterState): Json {
  return c.cluster.properties as Json;
}

/** A new ARM eTag. */
export function newETag(): string {
  return randomUUID();
}

/** Surge nodes of a pool: a number, or a percentage of the pool rounded up; default 10%; at least 1. */
export function surgeOf(pool: Json): number {
  const count = Number(pool.count ?? 0);
  const raw = (pool.upgradeSettings as Json | undefined)?.maxSurge;
  const text = raw === undefined || raw === null || raw === '' ? '10%' : String(raw);
  const value = text.endsWith('%') ? Math.ceil((count * parseFloat(text)) / 100) : parseInt(text, 10);
  return Math.max(1, Number.isFinite(value) ? value : 1);
}

/** The world: clusters keyed by `sub/rg/name` (lower case), operations by id. */
export class EmulatorState {
  readonly clusters = new Map<string, ClusterState>();
  readonly operations = new Map<string, Operation>();
  private readonly timers = new Set<unknown>();
  private stopped = false;

  constructor(fleet: Fleet, private readonly clock: EmulatorClock, private readonly speed: number) {
    for (const fc of fleet.clusters) this.add(fc);
  }

  /** Key of a cluster. */
  static key(sub: string, rg: string, name: string): string {
    return `${sub}/${rg}/${name}`.toLowerCase();
  }

  private add(fc: FleetCluster): ClusterState {
    const cluster = structuredClone(fc.cluster);
    cluster.eTag ??= newETag();
    const pools = structuredClone(fc.pools).map((p) => ({ ...p, eTag: p.eTag ?? newETag() }));
    const state: ClusterState = {
      subscriptionId: fc.subscriptionId,
      resourceGroup: fc.resourceGroup,
      name: fc.name,
      cluster,
      pools,
      virtualNetworks: structuredClone(fc.virtualNetworks),
      routeTables: structuredClone(fc.routeTables),
      token: randomBytes(32).toString('hex'),
      resourceVersion: 1000,
    };
    if (fc.kubernetes) {
      const k = structuredClone(fc.kubernetes);
      state.kubernetes = { ...k, nodes: k.nodes ?? this.synthesise(state) };
    }
    this.clusters.set(EmulatorState.key(fc.subscriptionId, fc.resourceGroup, fc.name), state);
    return state;
  }

  private synthesise(state: ClusterState): KubeObject[] {
    const p = props(state);
    const np = (p.networkProfile as Json | undefined) ?? {};
    return synthesiseNodes({
      id: String(state.cluster.id),
      name: state.name,
      location: String(state.cluster.location ?? 'eastus'),
      nodeResourceGroup: String(p.nodeResourceGroup ?? `MC_${state.resourceGroup}_${state.name}_${String(state.cluster.location ?? 'eastus')}`),
      kubernetesVersion: String(p.currentKubernetesVersion ?? p.kubernetesVersion ?? '1.30.0'),
      overlay: np.networkPluginMode === 'overlay',
      cilium: np.networkDataplane === 'cilium',
      kubenetPodCidr: np.networkPlugin === 'kubenet' ? (np.podCidr as string | undefined) : undefined,
    }, state.pools as unknown as PoolForNodes[]);
  }

  /** Cluster by id parts, case-insensitive. */
  get(sub: string, rg: string, name: string): ClusterState | undefined {
    return this.clusters.get(EmulatorState.key(sub, rg, name));
  }

  /** Subscriptions that hold clusters, in fleet order. */
  subscriptions(): string[] {
    return [...new Set([...this.clusters.values()].map((c) => c.subscriptionId))];
  }

  /** True while an operation runs or the cluster/pools are not in a terminal state. */
  busy(c: ClusterState): boolean {
    const terminal = (s: unknown) => s === undefined || s === 'Succeeded' || s === 'Failed' || s === 'Canceled';
    if (c.operation?.status === 'InProgress') return true;
    return !terminal(props(c).provisioningState) || c.pools.some((p) => !terminal(p.provisioningState));
  }

  /** Bumps and returns the cluster's Kubernetes resourceVersion. */
  bump(c: ClusterState): string {
    c.resourceVersion += 1;
    return String(c.resourceVersion);
  }

  /** Starts an operation; `work` runs it and returns an error to fail it. */
  private startOperation(c: ClusterState, work: () => Promise<Operation['error'] | undefined>): Operation {
    const op: Operation = {
      id: randomUUID(),
      subscriptionId: c.subscriptionId,
      location: String(c.cluster.location ?? 'eastus'),
      status: 'InProgress',
      startTime: new Date(this.clock.now()).toISOString(),
    };
    this.operations.set(op.id, op);
    c.operation = op;
    void work().then((error) => {
      if (this.stopped) return;
      op.endTime = new Date(this.clock.now()).toISOString();
      op.status = error ? 'Failed' : 'Succeeded';
      if (error) op.error = error;
    }, (err: unknown) => {
      if (this.stopped) return;
      op.endTime = new Date(this.clock.now()).toISOString();
      op.status = 'Failed';
      op.error = { code: 'InternalOperationError', message: String((err as Error)?.message ?? err) };
    });
    return op;
  }

  /** Waits `ms` emulated milliseconds (divided by speed). Rejects after stop(). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) { reject(new Error('emulator stopped')); return; }
      const handle = this.clock.setTimeout(() => {
        this.timers.delete(handle);
        if (this.stopped) reject(new Error('emulator stopped'));
        else resolve();
      }, ms / this.speed);
      this.timers.add(handle);
    });
  }

  /** Cancels every pending timer; running operations stop where they are. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  /** Marks cluster and pools Updating with new eTags and runs the update of `kind`. */
  beginUpdate(c: ClusterState, kind: UpdateKind): Operation {
    this.setStates(c, 'Updating');
    return this.startOperation(c, async () => {
      let error: Operation['error'] | undefined;
      if (kind === 'overlay' || kind === 'cilium') error = await this.migrate(c, kind);
      else await this.sleep(kind === 'policy' ? TIMINGS.policy : TIMINGS.quick);
      if (!error) {
        const p = props(c);
        if (p.kubernetesVersion) p.currentKubernetesVersion = p.kubernetesVersion;
        for (const pool of c.pools) if (pool.orchestratorVersion) pool.currentOrchestratorVersion = pool.orchestratorVersion;
        if (kind === 'overlay') this.dropKubenetRouteTables(c);
      }
      this.setStates(c, error ? 'Failed' : 'Succeeded', error ? this.failedPool : undefined);
      this.failedPool = undefined;
      return error;
    });
  }

  /** Creates a cluster (201): Creating, then Succeeded with synthesised nodes. */
  beginCreate(sub: string, rg: string, name: string, cluster: Json, pools: Json[]): { state: ClusterState; op: Operation } {
    const fc: FleetCluster = { subscriptionId: sub, resourceGroup: rg, name, cluster, pools, virtualNetworks: [], routeTables: [] };
    const state = this.add(fc);
    const p = props(state);
    p.currentKubernetesVersion ??= p.kubernetesVersion;
    for (const pool of state.pools) {
      pool.currentOrchestratorVersion ??= pool.orchestratorVersion ?? p.kubernetesVersion;
      pool.nodeImageVersion ??= String(pool.osType ?? '').toLowerCase() === 'windows' ? 'AKSWindows-2022-containerd-20348.3207.250214' : 'AKSUbuntu-2204gen2containerd-202502.09.0';
      pool.powerState ??= { code: 'Running' };
    }
    p.powerState ??= { code: 'Running' };
    this.setStates(state, 'Creating');
    const op = this.startOperation(state, async () => {
      await this.sleep(TIMINGS.create);
      state.kubernetes = { nodes: this.synthesise(state), configMaps: [], networkPolicies: [], podDisruptionBudgets: [] };
      this.setStates(state, 'Succeeded');
      return undefined;
    });
    return { state, op };
  }

  private failedPool: string | undefined;

  private setStates(c: ClusterState, s: string, failedPool?: string): void {
    props(c).provisioningState = s;
    c.cluster.eTag = newETag();
    for (const pool of c.pools) {
      pool.provisioningState = failedPool === undefined || s !== 'Failed' ? s : pool.name === failedPool ? 'Failed' : 'Succeeded';
      pool.eTag = newETag();
    }
  }

  private dropKubenetRouteTables(c: ClusterState): void {
    const nodeRg = String(props(c).nodeResourceGroup ?? '').toLowerCase();
    for (const vnet of c.virtualNetworks) {
      for (const subnet of ((vnet.properties as Json).subnets as Json[] | undefined) ?? []) {
        const sp = subnet.properties as Json;
        const rt = (sp.routeTable as Json | undefined)?.id;
        if (typeof rt === 'string' && rt.toLowerCase().includes(`/resourcegroups/${nodeRg}/`)) delete sp.routeTable;
      }
    }
    c.routeTables = c.routeTables.filter((t) => !String(t.id).toLowerCase().includes(`/resourcegroups/${nodeRg}/`));
  }

  /** Nodes of a pool, by the agentpool label. */
  private poolNodes(c: ClusterState, pool: string): KubeObject[] {
    return (c.kubernetes?.nodes ?? []).filter((n) => (n.metadata.labels ?? {})['kubernetes.azure.com/agentpool'] === pool
      || (n.metadata.labels ?? {}).agentpool === pool);
  }

  /** PodDisruptionBudgets that allow no disruption and cover `pool` (annotation `emulator.netpilot.io/node-pool`, else every pool). */
  private blockingPdbs(c: ClusterState, pool: string): KubeObject[] {
    return (c.kubernetes?.podDisruptionBudgets ?? []).filter((pdb) => {
      const status = (pdb.status as Json | undefined) ?? {};
      if (Number(status.disruptionsAllowed ?? 1) !== 0 || Number(status.expectedPods ?? 0) <= 0) return false;
      const target = ((pdb.metadata.annotations as Record<string, string> | undefined) ?? {})['emulator.netpilot.io/node-pool'];
      return target === undefined || target.split(',').map((s) => s.trim()).includes(pool);
    });
  }

  private touch(c: ClusterState, node: KubeObject): void {
    node.metadata.resourceVersion = this.bump(c);
  }

  private setReady(node: KubeObject, ready: boolean): void {
    const status = node.status as Json;
    const now = new Date(this.clock.now()).toISOString();
    for (const cond of (status.conditions as Json[] | undefined) ?? []) {
      if (cond.type !== 'Ready') continue;
      cond.status = ready ? 'True' : 'False';
      cond.reason = ready ? 'KubeletReady' : 'KubeletNotReady';
      cond.message = ready ? 'kubelet is posting ready status' : 'node is being reimaged';
      cond.lastTransitionTime = now;
      cond.lastHeartbeatTime = now;
    }
  }

  private cordon(node: KubeObject, on: boolean): void {
    const spec = (node.spec ??= {}) as Json;
    const taints = ((spec.taints as Json[] | undefined) ?? []).filter((t) => t.key !== 'node.kubernetes.io/unschedulable');
    if (on) {
      spec.unschedulable = true;
      spec.taints = [...taints, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: new Date(this.clock.now()).toISOString() }];
    } else {
      delete spec.unschedulable;
      if (taints.length > 0) spec.taints = taints; else delete spec.taints;
    }
  }

  /** The network migration: every pool at once, in batches of its max surge. Returns an error on failure. */
  private async migrate(c: ClusterState, kind: 'overlay' | 'cilium'): Promise<Operation['error'] | undefined> {
    const t = TIMINGS[kind];
    await this.sleep(t.setup);
    const np = (props(c).networkProfile as Json) ?? {};
    const target = networkLabels(np.networkPluginMode === 'overlay', np.networkDataplane === 'cilium');
    const results = await Promise.all(c.pools.map((pool) => this.migratePool(c, pool, kind, target)));
    const failure = results.find((r) => r !== undefined);
    if (failure) return failure;
    await this.sleep(t.finish);
    return undefined;
  }

  private async migratePool(c: ClusterState, pool: Json, kind: 'overlay' | 'cilium', target: Record<string, string>): Promise<Operation['error'] | undefined> {
    const t = TIMINGS[kind];
    const nodes = this.poolNodes(c, String(pool.name));
    const count = c.kubernetes ? nodes.length : Number(pool.count ?? 0);
    const surge = surgeOf(pool);
    const blocking = this.blockingPdbs(c, String(pool.name));
    for (let start = 0; start < count; start += surge) {
      const batch = nodes.slice(start, start + surge);
      for (const node of batch) { this.cordon(node, true); this.touch(c, node); }
      if (blocking.length > 0) {
        const minutes = Number((pool.upgradeSettings as Json | undefined)?.drainTimeoutInMinutes ?? TIMINGS.defaultDrainTimeoutMinutes);
        await this.sleep(minutes * 60_000);
        const pdb = blocking[0];
        const ref = `${pdb.metadata.namespace ?? 'default'}/${pdb.metadata.name}`;
        const nodeName = batch[0]?.metadata.name ?? `aks-${String(pool.name)}-vmss000000`;
        const message = `Drain node ${nodeName} failed when evicting pod: Cannot evict pod as it would violate the pod's disruption budget. `
          + `PodDisruptionBudget ${ref} allows 0 disruptions (drain timeout ${minutes} minutes exceeded). This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See http://aka.ms/aks/debugdrainfailures`;
        this.failedPool = String(pool.name);
        return { code: 'UpgradeFailed', message, details: [{ code: 'PodDrainFailure', message: `PDB ${ref} blocks eviction on node ${nodeName}` }] };
      }
      await this.sleep(t.drain);
      for (const node of batch) { this.setReady(node, false); this.touch(c, node); }
      await this.sleep(t.reimage);
      for (const node of batch) {
        const labels = (node.metadata.labels ??= {});
        for (const [k, v] of Object.entries(target)) labels[k] = v;
        const info = ((node.status as Json).nodeInfo as Json | undefined);
        if (info) info.bootID = randomUUID();
        this.setReady(node, true);
        this.cordon(node, false);
        this.touch(c, node);
      }
      await this.sleep(t.rejoin);
    }
    return undefined;
  }
}
