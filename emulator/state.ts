// The emulated world: managed clusters (ARM wire form), their Kubernetes objects, and the
// long-running operations that change them (update, network migration with reimage, create).
// Shapes: world-types.ts; a cluster's own state: cluster-state.ts; the timeline of running
// operations: step-schedule.ts; what each step does: steps.ts.
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from './clock.ts';
import { newClusterState, props, setStates } from './cluster-state.ts';
import type { Fleet, FleetCluster } from './fleet.ts';
import type { Json } from './json.ts';
import { planMigration } from './reimage.ts';
import { StepSchedule } from './step-schedule.ts';
import { applyStep } from './steps.ts';
import { TIMINGS } from './timings.ts';
import type { UpdateKind } from './validation.ts';
import type { ClusterState, CommandRecord, Operation, SavedWorld, ScheduledStep, StepAction } from './world-types.ts';

/** The world: clusters keyed by `sub/rg/name` (lower case), operations by id, and the schedule of
 * timed steps that running operations still have to apply. Operations are planned in full when they
 * start, so a restored world resumes from the wall clock: steps due meanwhile apply at once. */
export class EmulatorState {
  readonly clusters = new Map<string, ClusterState>();
  readonly operations = new Map<string, Operation>();
  readonly commands = new Map<string, CommandRecord>();
  /** Called after every change; `urgent` when it must be durable before the client hears of it. */
  onChange: (urgent: boolean) => void = () => {};
  private readonly schedule: StepSchedule;

  constructor(fleet: Fleet, private readonly clock: EmulatorClock, private readonly speed: number, saved?: SavedWorld) {
    this.schedule = new StepSchedule(clock, (step) => applyStep(this, step), () => this.onChange(false));
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
    const state = newClusterState(fc);
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
    this.schedule.restore(saved.schedule, saved.seq);
  }

  /** The world as a state file keeps it (live references: serialise it at once). */
  save(): SavedWorld {
    const { schedule, seq } = this.schedule.save();
    return {
      clusters: [...this.clusters.values()].map(({ operation, ...rest }) => ({ ...rest, ...(operation ? { operationId: operation.id } : {}) })),
      operations: [...this.operations.values()],
      schedule,
      seq,
      commands: [...this.commands.values()],
    };
  }

  /** Steps still scheduled (due time, kind, cluster), in order. */
  pending(): readonly ScheduledStep[] {
    return this.schedule.pending();
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
    this.schedule.run();
  }

  /** Cancels the timer; running operations stay where they are (and in `save()`). */
  stop(): void {
    this.schedule.stop();
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
    this.schedule.add(plan(op, t0), EmulatorState.key(c.subscriptionId, c.resourceGroup, c.name));
    this.onChange(true);
    this.schedule.arm();
    return op;
  }

  /** Marks cluster and pools Updating with new eTags and runs the update of `kind`. */
  beginUpdate(c: ClusterState, kind: UpdateKind): Operation {
    setStates(c, 'Updating');
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
    setStates(state, 'Creating');
    const op = this.startOperation(state, (o, t0) => [{ kind: 'end', at: t0 + this.scaled(TIMINGS.create), operationId: o.id, work: 'create' }]);
    return { state, op };
  }
}
