// The emulated world: managed clusters (ARM wire form), their Kubernetes objects, and the
// long-running operations that change them (update, network migration with reimage, create).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Fleet, FleetCluster, FleetKubernetes } from './fleet.ts';
import type { Json } from './json.ts';
import { synthesiseNodes, uuidFrom, type KubeObject, type PoolForNodes } from './nodes.ts';
import { cordon, planMigration, setReady } from './reimage.ts';
import { TIMINGS } from './timings.ts';
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

/** A runCommand and its result (decided when it starts, revealed once `finishedAt` has passed). */
export interface CommandRecord {
  id: string;
  /** Cluster key (`sub/rg/name`, lower case). */
  cluster: string;
  startedAt: number;
  finishedAt: number;
  provisioningState: 'Succeeded' | 'Failed';
  exitCode: number;
  logs: string;
  reason?: string;
}

/** One emulated cluster: its fleet entry (ARM wire form) plus live state. */
export interface ClusterState extends Omit<FleetCluster, 'kubernetes'> {
  kubernetes?: FleetKubernetes & { nodes: KubeObject[] };
  /** Bearer token of the emulated Kubernetes API. */
  token: string;
  resourceVersion: number;
  operation?: Operation;
  /** Nodes a network migration reimaged so far (fleet pods marked `after-reimage` fail on them). */
  reimaged?: string[];
}


function props(c: ClusterState): Json {
  return c.cluster.properties as Json;
}

/** A new ARM eTag. */
export function newETag(): string {
  return randomUUID();
}

export { surgeOf } from './reimage.ts';
export { TIMINGS } from './timings.ts';

/** What one scheduled step of an operation does (plain JSON, so a schedule can be saved). */
export type StepAction =
  | { kind: 'cordon'; nodes: string[] }
  | { kind: 'not-ready'; nodes: string[] }
  | { kind: 'reimaged'; nodes: string[]; labels: Record<string, string> }
  | { kind: 'surge-add'; nodes: KubeObject[] }
  | { kind: 'surge-remove'; nodes: string[] }
  | { kind: 'end'; operationId: string; work: UpdateKind | 'create'; error?: Operation['error']; failedPool?: string };

/** A step with its wall-clock due time (ms since the epoch), the cluster key, and its order. */
export type ScheduledStep = StepAction & { seq: number; at: number; cluster: string };

/** The mutable world as a state file keeps it. */
export interface SavedWorld {
  clusters: (Omit<ClusterState, 'operation'> & { operationId?: string })[];
  operations: Operation[];
  schedule: ScheduledStep[];
  seq: number;
  /** runCommand results (absent in files written before runCommand existed). */
  commands?: CommandRecord[];
}

/** The world: clusters keyed by `sub/rg/name` (lower case), operations by id, and the schedule of
 * timed steps that running operations still have to apply. Operations are planned in full when they
 * start, so a restored world resumes from the wall clock: steps due meanwhile apply at once. */
export class EmulatorState {
  readonly clusters = new Map<string, ClusterState>();
  readonly operations = new Map<string, Operation>();
  readonly commands = new Map<string, CommandRecord>();
  /** Called after every change; `urgent` when it must be durable before the client hears of it. */
  onChange: (urgent: boolean) => void = () => {};
  private schedule: ScheduledStep[] = [];
  private seq = 0;
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(fleet: Fleet, private readonly clock: EmulatorClock, private readonly speed: number, saved?: SavedWorld) {
    if (saved) this.restore(saved);
    else for (const fc of fleet.clusters) this.add(fc);
  }

  /** Key of a cluster. */
  static key(sub: string, rg: string, name: string): string {
    return `${sub}/${rg}/${name}`.toLowerCase();
  }

  /** Key of a cluster state. */
  keyOf(c: ClusterState): string {
    return EmulatorState.key(c.subscriptionId, c.resourceGroup, c.name);
  }

  /** Records a runCommand (saved at once: the client is about to poll it). */
  addCommand(rec: CommandRecord): void {
    this.commands.set(rec.id, rec);
    this.onChange(true);
  }

  private add(fc: FleetCluster): ClusterState {
    const cluster = structuredClone(fc.cluster);
    cluster.eTag ??= newETag();
    addPrivateFqdn(cluster);
    const pools = structuredClone(fc.pools).map((p) => ({ ...p, eTag: p.eTag ?? newETag() }));
    const state: ClusterState = {
      subscriptionId: fc.subscriptionId,
      resourceGroup: fc.resourceGroup,
      name: fc.name,
      cluster,
      pools,
      virtualNetworks: structuredClone(fc.virtualNetworks),
      routeTables: structuredClone(fc.routeTables),
      maintenanceConfigurations: structuredClone(fc.maintenanceConfigurations),
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

  private restore(saved: SavedWorld): void {
    for (const op of saved.operations) this.operations.set(op.id, structuredClone(op));
    for (const entry of saved.clusters) {
      const { operationId, ...rest } = structuredClone(entry);
      const state: ClusterState = rest;
      const op = operationId ? this.operations.get(operationId) : undefined;
      if (op) state.operation = op;
      this.clusters.set(EmulatorState.key(state.subscriptionId, state.resourceGroup, state.name), state);
    }
    for (const rec of saved.commands ?? []) this.commands.set(rec.id, structuredClone(rec));
    this.schedule = structuredClone(saved.schedule).sort(byDue);
    this.seq = Math.max(saved.seq, ...this.schedule.map((s) => s.seq));
  }

  /** The world as a state file keeps it (live references: serialise it at once). */
  save(): SavedWorld {
    return {
      clusters: [...this.clusters.values()].map(({ operation, ...rest }) => ({ ...rest, ...(operation ? { operationId: operation.id } : {}) })),
      operations: [...this.operations.values()],
      schedule: this.schedule,
      seq: this.seq,
      commands: [...this.commands.values()],
    };
  }

  /** Steps still scheduled (due time, kind, cluster), in order. */
  pending(): readonly ScheduledStep[] {
    return this.schedule;
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

  /** Applies every step already due (a restored world catches up with the wall clock) and arms the timer. */
  resume(): void {
    this.run();
  }

  /** Cancels the timer; running operations stay where they are (and in `save()`). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scaled(ms: number): number {
    return ms / this.speed;
  }

  /** Starts an operation whose whole course `plan` lays out from its start time. */
  private startOperation(c: ClusterState, plan: (op: Operation, t0: number) => (StepAction & { at: number })[]): Operation {
    const t0 = this.clock.now();
    const op: Operation = {
      id: randomUUID(),
      subscriptionId: c.subscriptionId,
      location: String(c.cluster.location ?? 'eastus'),
      status: 'InProgress',
      startTime: new Date(t0).toISOString(),
    };
    this.operations.set(op.id, op);
    c.operation = op;
    const cluster = EmulatorState.key(c.subscriptionId, c.resourceGroup, c.name);
    for (const step of plan(op, t0)) this.schedule.push({ ...step, seq: ++this.seq, cluster });
    this.schedule.sort(byDue);
    this.onChange(true);
    this.arm();
    return op;
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.schedule[0];
    if (this.timer !== undefined && next && this.timerAt === next.at) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (!next) return;
    this.timerAt = next.at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.run();
    }, Math.max(0, next.at - this.clock.now()));
  }

  private run(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    let changed = false;
    while (this.schedule.length > 0 && this.schedule[0].at <= now) {
      this.apply(this.schedule.shift()!);
      changed = true;
    }
    if (changed) this.onChange(false);
    this.arm();
  }

  private apply(step: ScheduledStep): void {
    const c = this.clusters.get(step.cluster);
    if (!c) return;
    if (step.kind === 'end') {
      this.end(c, step, step.at);
      return;
    }
    if (step.kind === 'surge-add') {
      for (const node of structuredClone(step.nodes)) {
        c.kubernetes?.nodes.push(node);
        this.touch(c, node);
      }
      return;
    }
    if (step.kind === 'surge-remove') {
      if (c.kubernetes) c.kubernetes.nodes = c.kubernetes.nodes.filter((n) => !step.nodes.includes(n.metadata.name));
      this.bump(c);
      return;
    }
    const names: string[] = step.nodes;
    const nodes = (c.kubernetes?.nodes ?? []).filter((n) => names.includes(n.metadata.name));
    for (const node of nodes) {
      if (step.kind === 'cordon') cordon(node, true, step.at);
      else if (step.kind === 'not-ready') setReady(node, false, step.at);
      else {
        const labels = (node.metadata.labels ??= {});
        for (const [k, v] of Object.entries(step.labels)) labels[k] = v;
        const info = ((node.status as Json).nodeInfo as Json | undefined);
        if (info) info.bootID = randomUUID();
        setReady(node, true, step.at);
        cordon(node, false, step.at);
        if (!(c.reimaged ??= []).includes(node.metadata.name)) c.reimaged.push(node.metadata.name);
      }
      this.touch(c, node);
    }
  }

  private end(c: ClusterState, step: Extract<ScheduledStep, { kind: 'end' }>, at: number): void {
    const { error } = step;
    if (step.work === 'create') {
      c.kubernetes = { nodes: this.synthesise(c), configMaps: [], networkPolicies: [], podDisruptionBudgets: [] };
      this.setStates(c, 'Succeeded');
    } else {
      if (!error) {
        const p = props(c);
        if (p.kubernetesVersion) p.currentKubernetesVersion = p.kubernetesVersion;
        for (const pool of c.pools) if (pool.orchestratorVersion) pool.currentOrchestratorVersion = pool.orchestratorVersion;
        if (step.work === 'overlay') this.dropKubenetRouteTables(c);
      }
      this.setStates(c, error ? 'Failed' : 'Succeeded', error ? step.failedPool : undefined);
    }
    const op = this.operations.get(step.operationId);
    if (!op) return;
    op.endTime = new Date(at).toISOString();
    op.status = error ? 'Failed' : 'Succeeded';
    if (error) op.error = error;
  }

  /** Marks cluster and pools Updating with new eTags and runs the update of `kind`. */
  beginUpdate(c: ClusterState, kind: UpdateKind): Operation {
    this.setStates(c, 'Updating');
    return this.startOperation(c, (op, t0) => (kind === 'overlay' || kind === 'cilium'
      ? planMigration(c, kind, t0, op.id, (ms) => this.scaled(ms))
      : [{ kind: 'end', at: t0 + this.scaled(kind === 'policy' ? TIMINGS.policy : TIMINGS.quick), operationId: op.id, work: kind }]));
  }

  /** Creates a cluster (201): Creating, then Succeeded with synthesised nodes. */
  beginCreate(sub: string, rg: string, name: string, cluster: Json, pools: Json[]): { state: ClusterState; op: Operation } {
    const fc: FleetCluster = { subscriptionId: sub, resourceGroup: rg, name, cluster, pools, virtualNetworks: [], routeTables: [], maintenanceConfigurations: [] };
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
    const op = this.startOperation(state, (o, t0) => [{ kind: 'end', at: t0 + this.scaled(TIMINGS.create), operationId: o.id, work: 'create' }]);
    return { state, op };
  }

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

  private touch(c: ClusterState, node: KubeObject): void {
    node.metadata.resourceVersion = this.bump(c);
  }
}

/** A private cluster gets `privateFQDN` (`<dnsPrefix>-<hash>.<guid>.privatelink.<location>.azmk8s.io`) as AKS gives it. */
function addPrivateFqdn(cluster: Json): void {
  const p = cluster.properties as Json;
  if ((p.apiServerAccessProfile as Json | undefined)?.enablePrivateCluster !== true || typeof p.privateFQDN === 'string') return;
  const id = String(cluster.id).toLowerCase();
  const hash = uuidFrom(`fqdn/${id}`).slice(0, 8);
  const prefix = String(p.dnsPrefix ?? cluster.name ?? 'aks');
  p.privateFQDN = `${prefix}-${hash}.${uuidFrom(`private/${id}`)}.privatelink.${String(cluster.location ?? 'eastus')}.azmk8s.io`;
}

function byDue(a: ScheduledStep, b: ScheduledStep): number {
  return a.at - b.at || a.seq - b.seq;
}
