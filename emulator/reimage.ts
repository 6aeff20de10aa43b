// A network migration laid out in time as AKS runs it on VMSS pools: per pool, surge nodes join on
// the target network, old nodes are cordoned, drained, reimaged and rejoin in batches of max surge,
// the surge nodes leave when the pool is done; a PDB that allows no eviction fails its pool.
import { props } from './cluster-state.ts';
import type { Json } from './json.ts';
import { networkLabels, surgeNodes, type KubeObject } from './nodes.ts';
import type { ClusterState, Operation, StepAction } from './world-types.ts';
import { TIMINGS } from './timings.ts';

/** Surge nodes of a pool: a number, or a percentage of the pool rounded up; default 10%; at least 1. */
export function surgeOf(pool: Json): number {
  const count = Number(pool.count ?? 0);
  const raw = (pool.upgradeSettings as Json | undefined)?.maxSurge;
  const text = raw === undefined || raw === null || raw === '' ? '10%' : String(raw);
  const value = text.endsWith('%') ? Math.ceil((count * parseFloat(text)) / 100) : parseInt(text, 10);
  return Math.max(1, Number.isFinite(value) ? value : 1);
}

/** Nodes of a pool, by the agentpool label. */
export function poolNodes(c: ClusterState, pool: string): KubeObject[] {
  return (c.kubernetes?.nodes ?? []).filter((n) => (n.metadata.labels ?? {})['kubernetes.azure.com/agentpool'] === pool
    || (n.metadata.labels ?? {}).agentpool === pool);
}

/** PodDisruptionBudgets that allow no disruption and cover `pool` (annotation `emulator.netpilot.io/node-pool`, else every pool). */
export function blockingPdbs(c: ClusterState, pool: string): KubeObject[] {
  return (c.kubernetes?.podDisruptionBudgets ?? []).filter((pdb) => {
    const status = (pdb.status as Json | undefined) ?? {};
    if (Number(status.disruptionsAllowed ?? 1) !== 0 || Number(status.expectedPods ?? 0) <= 0) return false;
    const target = ((pdb.metadata.annotations as Record<string, string> | undefined) ?? {})['emulator.netpilot.io/node-pool'];
    return target === undefined || target.split(',').map((s) => s.trim()).includes(pool);
  });
}

/** Sets the node's Ready condition at `at`. */
export function setReady(node: KubeObject, ready: boolean, at: number): void {
  const status = node.status as Json;
  const when = new Date(at).toISOString();
  for (const cond of (status.conditions as Json[] | undefined) ?? []) {
    if (cond.type !== 'Ready') continue;
    cond.status = ready ? 'True' : 'False';
    cond.reason = ready ? 'KubeletReady' : 'KubeletNotReady';
    cond.message = ready ? 'kubelet is posting ready status' : 'node is being reimaged';
    cond.lastTransitionTime = when;
    cond.lastHeartbeatTime = when;
  }
}

/** Cordons (or uncordons) the node with the unschedulable taint at `at`. */
export function cordon(node: KubeObject, on: boolean, at: number): void {
  const spec = (node.spec ??= {}) as Json;
  const taints = ((spec.taints as Json[] | undefined) ?? []).filter((t) => t.key !== 'node.kubernetes.io/unschedulable');
  if (on) {
    spec.unschedulable = true;
    spec.taints = [...taints, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: new Date(at).toISOString() }];
  } else {
    delete spec.unschedulable;
    if (taints.length > 0) spec.taints = taints; else delete spec.taints;
  }
}

/** The network migration laid out in time: every pool at once, in batches of its max surge; a
 * PDB that allows no disruption fails its pool after the drain timeout. */
export function planMigration(c: ClusterState, kind: 'overlay' | 'cilium', t0: number, operationId: string, scaled: (ms: number) => number): (StepAction & { at: number })[] {
  const t = TIMINGS[kind];
  const start = t0 + scaled(t.setup);
  const np = (props(c).networkProfile as Json) ?? {};
  const labels = networkLabels(np.networkPluginMode === 'overlay', np.networkDataplane === 'cilium');
  const steps: (StepAction & { at: number })[] = [];
  let end = start;
  let failure: { pool: string; error: NonNullable<Operation['error']> } | undefined;
  for (const pool of c.pools) {
    const name = String(pool.name);
    const nodes = poolNodes(c, name);
    const count = c.kubernetes ? nodes.length : Number(pool.count ?? 0);
    const surge = surgeOf(pool);
    const blocking = blockingPdbs(c, name);
    let at = start;
    // VMSS surge: the surge nodes join first, already on the target network, and leave when the pool is done.
    const surgeAdded = surgeNodes(nodes, Math.min(surge, nodes.length), labels, new Date(start).toISOString());
    if (surgeAdded.length > 0) steps.push({ kind: 'surge-add', at, nodes: surgeAdded });
    for (let i = 0; i < count; i += surge) {
      const batch = nodes.slice(i, i + surge).map((n) => n.metadata.name);
      steps.push({ kind: 'cordon', at, nodes: batch });
      if (blocking.length > 0) {
        const minutes = Number((pool.upgradeSettings as Json | undefined)?.drainTimeoutInMinutes ?? TIMINGS.defaultDrainTimeoutMinutes);
        at += scaled(minutes * 60_000);
        const pdb = blocking[0];
        const ref = `${pdb.metadata.namespace ?? 'default'}/${pdb.metadata.name}`;
        const nodeName = batch[0] ?? `aks-${name}-vmss000000`;
        const message = `Drain node ${nodeName} failed when evicting pod: Cannot evict pod as it would violate the pod's disruption budget. `
          + `PodDisruptionBudget ${ref} allows 0 disruptions (drain timeout ${minutes} minutes exceeded). This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See http://aka.ms/aks/debugdrainfailures`;
        failure ??= { pool: name, error: { code: 'UpgradeFailed', message, details: [{ code: 'PodDrainFailure', message: `PDB ${ref} blocks eviction on node ${nodeName}` }] } };
        break;
      }
      at += scaled(t.drain);
      steps.push({ kind: 'not-ready', at, nodes: batch });
      at += scaled(t.reimage);
      steps.push({ kind: 'reimaged', at, nodes: batch, labels });
      at += scaled(t.rejoin);
    }
    if (surgeAdded.length > 0) steps.push({ kind: 'surge-remove', at, nodes: surgeAdded.map((n) => n.metadata.name) });
    end = Math.max(end, at);
  }
  if (!failure) end += scaled(t.finish);
  steps.push({ kind: 'end', at: end, operationId, work: kind, ...(failure ? { error: failure.error, failedPool: failure.pool } : {}) });
  return steps;
}
