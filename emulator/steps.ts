// What each scheduled step of an operation does to its cluster: surge nodes join and leave, nodes
// are cordoned, go NotReady and come back reimaged, and the end step settles the cluster and the
// ARM operation (a finished overlay migration drops the kubenet route tables).
import { randomUUID } from 'node:crypto';
import type { Json } from './json.ts';
import type { KubeObject } from './nodes.ts';
import { props, setStates, synthesise } from './cluster-state.ts';
import { cordon, setReady } from './reimage.ts';
import type { ClusterState, Operation, ScheduledStep } from './world-types.ts';

/** The parts of the world a step changes. */
export interface StepWorld {
  readonly clusters: Map<string, ClusterState>;
  readonly operations: Map<string, Operation>;
  /** Bumps and returns the cluster's Kubernetes resourceVersion. */
  bump(c: ClusterState): string;
}

/** Applies one due step. */
export function applyStep(world: StepWorld, step: ScheduledStep): void {
  const c = world.clusters.get(step.cluster);
  if (!c) return;
  const touch = (node: KubeObject): void => {
    node.metadata.resourceVersion = world.bump(c);
  };
  if (step.kind === 'end') {
    end(world, c, step, step.at);
    return;
  }
  if (step.kind === 'surge-add') {
    for (const node of structuredClone(step.nodes)) {
      c.kubernetes?.nodes.push(node);
      touch(node);
    }
    return;
  }
  if (step.kind === 'surge-remove') {
    if (c.kubernetes) c.kubernetes.nodes = c.kubernetes.nodes.filter((n) => !step.nodes.includes(n.metadata.name));
    world.bump(c);
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
    touch(node);
  }
}

function end(world: StepWorld, c: ClusterState, step: Extract<ScheduledStep, { kind: 'end' }>, at: number): void {
  const { error } = step;
  if (step.work === 'create') {
    c.kubernetes = { nodes: synthesise(c), configMaps: [], networkPolicies: [], podDisruptionBudgets: [] };
    setStates(c, 'Succeeded');
  } else {
    if (!error) {
      const p = props(c);
      if (p.kubernetesVersion) p.currentKubernetesVersion = p.kubernetesVersion;
      for (const pool of c.pools) if (pool.orchestratorVersion) pool.currentOrchestratorVersion = pool.orchestratorVersion;
      if (step.work === 'overlay') dropKubenetRouteTables(c);
    }
    setStates(c, error ? 'Failed' : 'Succeeded', error ? step.failedPool : undefined);
  }
  const op = world.operations.get(step.operationId);
  if (!op) return;
  op.endTime = new Date(at).toISOString();
  op.status = error ? 'Failed' : 'Succeeded';
  if (error) op.error = error;
}

function dropKubenetRouteTables(c: ClusterState): void {
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
