// Reading Kubernetes through AKS runCommand (POST .../runCommand, then .../commandResults/{id}):
// for an API server NetPilot's network cannot reach (private cluster, authorized IP ranges). ONE
// `kubectl get KIND,KIND.. -A -o json` returns every list as one mixed List, split here by kind.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { COMMAND_RESULTS_ACTION, errorDetail, RUN_COMMAND_ACTION } from './failures.ts';
import type { KubeListName, KubeListObject } from './reader.ts';
import { describeFailure } from '../retry/failure.ts';

/** The kubectl resource and object kind of each list. */
export const LIST_KINDS: Readonly<Record<KubeListName, { resource: string; kind: string }>> = {
  nodes: { resource: 'nodes', kind: 'Node' },
  configMaps: { resource: 'configmaps', kind: 'ConfigMap' },
  networkPolicies: { resource: 'networkpolicies', kind: 'NetworkPolicy' },
  podDisruptionBudgets: { resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget' },
  pods: { resource: 'pods', kind: 'Pod' },
};

/** Namespace the ConfigMaps list is limited to (as the direct read does). */
const CONFIG_MAP_NAMESPACE = 'kube-system';

/** The one kubectl command that returns every list asked for. */
export function kubectlCommand(lists: readonly KubeListName[]): string {
  const resources = lists.map((l) => LIST_KINDS[l].resource).join(',');
  const namespaced = lists.some((l) => l !== 'nodes');
  return `kubectl get ${resources}${namespaced ? ' -A' : ''} -o json`;
}

/** Why the runCommand fallback did not give the lists. */
export type RunCommandFailureKind = 'forbidden' | 'disabled' | 'failed' | 'timeout' | 'bad-output';

/** The runCommand fallback failed; `message` says which way and what to do. */
export class RunCommandError extends Error {
  readonly kind: RunCommandFailureKind;
  constructor(kind: RunCommandFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunCommandError';
    this.kind = kind;
  }
}

function stripManagedFields(item: Record<string, unknown>): Record<string, unknown> {
  const meta = item.metadata as Record<string, unknown> | undefined;
  if (meta && 'managedFields' in meta) {
    const { managedFields: _drop, ...rest } = meta;
    return { ...item, metadata: rest };
  }
  return item;
}

/** The JSON document in runCommand logs (stdout; kubectl may add warning lines around it). */
export function parseKubectlJson(logs: string): unknown {
  try {
    return JSON.parse(logs);
  } catch {
    const start = logs.indexOf('{');
    const end = logs.lastIndexOf('}');
    if (start < 0 || end <= start) throw new RunCommandError('bad-output', `runCommand output is not JSON: ${logs.slice(0, 200)}`);
    try {
      return JSON.parse(logs.slice(start, end + 1));
    } catch (err) {
      throw new RunCommandError('bad-output', `runCommand output is not JSON (${(err as Error).message}): ${logs.slice(0, 200)}`);
    }
  }
}

/** Splits a mixed `kubectl get a,b -o json` List into the lists asked for (ConfigMaps: kube-system only). */
export function splitByKind(doc: unknown, lists: readonly KubeListName[]): Partial<Record<KubeListName, KubeListObject>> {
  const items = (doc as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new RunCommandError('bad-output', 'runCommand output has no "items" list');
  const out: Partial<Record<KubeListName, KubeListObject>> = {};
  for (const l of lists) out[l] = { apiVersion: 'v1', kind: 'List', items: [] };
  const byKind = new Map(lists.map((l) => [LIST_KINDS[l].kind, l]));
  for (const raw of items) {
    if (!raw || typeof raw !== 'object') continue;
    const item = raw as Record<string, unknown>;
    // A one-kind List may omit the items' kind; a mixed one always carries it.
    const list = typeof item.kind === 'string' ? byKind.get(item.kind) : lists.length === 1 ? lists[0] : undefined;
    if (!list) continue;
    if (list === 'configMaps' && (item.metadata as { namespace?: unknown } | undefined)?.namespace !== CONFIG_MAP_NAMESPACE) continue;
    out[list]!.items.push(stripManagedFields(item));
  }
  return out;
}

/** Options of `readViaRunCommand`. */
export interface RunCommandOptions {
  /** Entra ID token for the cluster's server id (required by AKS when Entra ID is on). */
  clusterToken?: string;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Poll interval when the service sends no Retry-After (default 1 s). */
  pollMs?: number;
}

function tail(text: string | undefined, max = 300): string {
  const t = (text ?? '').trim();
  return t.length > max ? `...${t.slice(-max)}` : t;
}

/** Runs the kubectl command through AKS runCommand and returns the lists; throws RunCommandError. */
export async function readViaRunCommand(
  aks: ContainerServiceClient, resourceGroup: string, name: string, lists: readonly KubeListName[], options: RunCommandOptions = {},
): Promise<Partial<Record<KubeListName, KubeListObject>>> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const command = kubectlCommand(lists);
  const abortSignal = AbortSignal.timeout(timeoutMs);
  let result;
  try {
    const poller = aks.managedClusters.runCommand(resourceGroup, name,
      { command, ...(options.clusterToken ? { clusterToken: options.clusterToken } : {}) },
      { updateIntervalInMs: options.pollMs ?? 1000, abortSignal });
    result = await poller.pollUntilDone({ abortSignal });
  } catch (err) {
    if (abortSignal.aborted) {
      throw new RunCommandError('timeout', `runCommand did not finish within ${Math.round(timeoutMs / 1000)} s`, { cause: err });
    }
    const f = describeFailure(err);
    const detail = errorDetail(err);
    if (f.status === 401 || f.status === 403) {
      throw new RunCommandError('forbidden', `runCommand forbidden (${f.status}): ${detail}. Grant NetPilot's identity ${RUN_COMMAND_ACTION} and ${COMMAND_RESULTS_ACTION} on the cluster (e.g. a custom role), or set NETPILOT_RUN_COMMAND=0 and run NetPilot where it reaches the API server.`, { cause: err });
    }
    if (/disableRunCommand|run ?command.*disabled|disabled.*run ?command/i.test(detail)) {
      throw new RunCommandError('disabled', `runCommand is disabled on this cluster (${detail}).`, { cause: err });
    }
    throw new RunCommandError('failed', `runCommand failed${f.status !== undefined ? ` (HTTP ${f.status})` : ''}: ${detail}`, { cause: err });
  }
  const state = result?.provisioningState;
  if (state !== 'Succeeded' || result?.exitCode !== 0) {
    const logs = tail(result?.logs);
    const forbidden = /forbidden/i.test(logs);
    throw new RunCommandError('failed',
      `runCommand failed (${state ?? 'no state'}, exit ${result?.exitCode ?? '?'})${result?.reason ? `: ${result.reason}` : ''}${logs ? `: ${logs}` : ''}`
      + (forbidden ? '. kubectl ran as NetPilot\'s identity and was refused: grant it read access to nodes, config maps, network policies and pod disruption budgets (Kubernetes RBAC, or Azure RBAC roles on the cluster).' : ''));
  }
  return splitByKind(parseKubectlJson(result.logs ?? ''), lists);
}
