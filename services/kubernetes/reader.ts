// Kubernetes reader over @kubernetes/client-node: the lists the checks need, read in parallel,
// each call with a deadline (10 s) and one retry. A list that cannot be read is reported with its
// reason (which failure, what to do), never dropped. No exec plugin ever runs (kubeconfig.ts).
// The package has no exports map; its serializer turns models back into wire JSON (`_from` -> `from`).
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { createKubeApis, KUBE_CALL_TIMEOUT_MS, timed, type KubeApis } from './client.ts';
import { classifyKubeFailure, kubeFailureReason, type KubeFailureContext, type KubeFailureKind } from './failures.ts';
import { KubeconfigError, parseClusterKubeconfig, type ClusterKubeconfig } from './kubeconfig.ts';
import { withRetry, type RetryOptions } from '../retry/retry.ts';
import type { TokenSource } from './token.ts';

/** The Kubernetes lists of a snapshot (spec/interfaces.md §6 `kubernetes`), plus `pods` (read only
 * for the health summary after a migration, never by default). */
export type KubeListName = 'nodes' | 'configMaps' | 'networkPolicies' | 'podDisruptionBudgets' | 'pods';
/** Every list the reader fetches by default (the snapshot's), in snapshot order. */
export const KUBE_LISTS: readonly KubeListName[] = ['nodes', 'configMaps', 'networkPolicies', 'podDisruptionBudgets'];
/** Tries per Kubernetes call: the first and one retry. */
export const KUBE_ATTEMPTS = 2;

/** A kubectl-style List object (`kubectl get -o json`), plain JSON. */
export interface KubeListObject {
  apiVersion: 'v1';
  kind: 'List';
  items: Record<string, unknown>[];
}

/** A list that could not be read: which failure it was and the line to show. */
export interface KubeListFailure {
  list: KubeListName;
  reason: string;
  kind: KubeFailureKind;
}

/** What was read: lists that succeeded, and a reason for each that did not. */
export interface KubernetesReadResult {
  lists: Partial<Record<KubeListName, KubeListObject>>;
  failures: KubeListFailure[];
}

/** Options of `readKubernetes`. */
export interface KubernetesReadOptions {
  retry?: RetryOptions;
  /** Page size for list calls (default 500). */
  pageSize?: number;
  /** Which lists to read (default all four). */
  lists?: readonly KubeListName[];
  /** Deadline of each call in ms (default 10 s). */
  timeoutMs?: number;
  /** Bearer token per request; required for an Entra ID kubeconfig. */
  token?: TokenSource;
  /** Facts the failure reasons may mention (access profile, Entra, NETPILOT_RUN_COMMAND). */
  context?: KubeFailureContext;
  /** Prebuilt clients (cached by a caller); built from the kubeconfig when absent. */
  apis?: KubeApis;
}

/** One line saying why a read failed and what to do (see failures.ts). */
export function unavailableReason(err: unknown, what: string, context: KubeFailureContext = {}): string {
  return kubeFailureReason(err, what, context);
}

/** Wire JSON of a client-node model (`type` e.g. `V1Node`), Dates as ISO strings, without managedFields. */
function wire(item: unknown, type: string): Record<string, unknown> {
  const obj = JSON.parse(JSON.stringify(ObjectSerializer.serialize(item, type))) as Record<string, unknown>;
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (meta) delete meta.managedFields;
  return obj;
}

type Page = { items: unknown[]; metadata?: { _continue?: string } };

async function readAll(type: string, fetchPage: (cont: string | undefined) => Promise<Page>, retry: RetryOptions, timeoutMs: number): Promise<KubeListObject> {
  const items: Record<string, unknown>[] = [];
  let cont: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = await withRetry(() => timed(() => fetchPage(cont), timeoutMs, `list ${type}`), retry);
    items.push(...result.items.map((item) => wire(item, type)));
    cont = result.metadata?._continue || undefined;
    if (!cont) break;
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

/** Reads the lists (default: nodes, kube-system ConfigMaps, all NetworkPolicies, all PDBs) with a
 * cluster kubeconfig (YAML or parsed). Throws KubeconfigError for a kubeconfig that must not be used. */
export async function readKubernetes(source: string | ClusterKubeconfig, options: KubernetesReadOptions = {}): Promise<KubernetesReadResult> {
  const config = typeof source === 'string' ? parseClusterKubeconfig(source) : source;
  if (config.auth.kind === 'entra' && !options.token) {
    throw new KubeconfigError(`the kubeconfig authenticates with Entra ID (server id ${config.auth.serverId}) and no token source was given`,
      'Read the cluster through collectSnapshot, which gets the token from NetPilot\'s Azure credential.');
  }
  const timeoutMs = options.timeoutMs ?? KUBE_CALL_TIMEOUT_MS;
  const { core, networking, policy } = options.apis ?? createKubeApis(config, { token: options.token, timeoutMs });
  const retry: RetryOptions = { attempts: KUBE_ATTEMPTS, ...options.retry };
  const limit = options.pageSize ?? 500;
  const readers: Record<KubeListName, () => Promise<KubeListObject>> = {
    nodes: () => readAll('V1Node', (c) => core.listNode({ limit, _continue: c }), retry, timeoutMs),
    configMaps: () => readAll('V1ConfigMap', (c) => core.listNamespacedConfigMap({ namespace: 'kube-system', limit, _continue: c }), retry, timeoutMs),
    networkPolicies: () => readAll('V1NetworkPolicy', (c) => networking.listNetworkPolicyForAllNamespaces({ limit, _continue: c }), retry, timeoutMs),
    podDisruptionBudgets: () => readAll('V1PodDisruptionBudget', (c) => policy.listPodDisruptionBudgetForAllNamespaces({ limit, _continue: c }), retry, timeoutMs),
    pods: () => readAll('V1Pod', (c) => core.listPodForAllNamespaces({ limit, _continue: c }), retry, timeoutMs),
  };
  const lists = options.lists ?? KUBE_LISTS;
  const settled = await Promise.allSettled(lists.map((name) => readers[name]()));
  const context: KubeFailureContext = { server: config.server, auth: config.auth, ...options.context };
  const result: KubernetesReadResult = { lists: {}, failures: [] };
  settled.forEach((s, i) => {
    const name = lists[i];
    if (s.status === 'fulfilled') result.lists[name] = s.value;
    else result.failures.push({ list: name, kind: classifyKubeFailure(s.reason), reason: unavailableReason(s.reason, `Kubernetes ${name}`, context) });
  });
  return result;
}
