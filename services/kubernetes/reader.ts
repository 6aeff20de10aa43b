// Kubernetes reader over @kubernetes/client-node: the four lists the checks need, read in parallel
// with bounded retries. A list that cannot be read is reported with its reason, never dropped.
import { CoreV1Api, KubeConfig, NetworkingV1Api, PolicyV1Api } from '@kubernetes/client-node';
// The package has no exports map; its serializer turns models back into wire JSON (`_from` -> `from`).
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { describeFailure, withRetry, type RetryOptions } from './retry.ts';

/** The Kubernetes lists of a snapshot (spec/interfaces.md §6 `kubernetes`). */
export type KubeListName = 'nodes' | 'configMaps' | 'networkPolicies' | 'podDisruptionBudgets';
/** Every list the reader fetches, in snapshot order. */
export const KUBE_LISTS: readonly KubeListName[] = ['nodes', 'configMaps', 'networkPolicies', 'podDisruptionBudgets'];

/** A kubectl-style List object (`kubectl get -o json`), plain JSON. */
export interface KubeListObject {
  apiVersion: 'v1';
  kind: 'List';
  items: Record<string, unknown>[];
}

/** What was read: lists that succeeded, and a reason for each that did not. */
export interface KubernetesReadResult {
  lists: Partial<Record<KubeListName, KubeListObject>>;
  failures: { list: KubeListName; reason: string }[];
}

/** Options of `readKubernetes`. */
export interface KubernetesReadOptions {
  retry?: RetryOptions;
  /** Page size for list calls (default 500). */
  pageSize?: number;
}

/** One line saying why a read failed, with a hint for the usual causes (403, unreachable, 429). */
export function unavailableReason(err: unknown, what: string): string {
  const f = describeFailure(err);
  const detail = statusMessage(err) ?? f.message;
  if (f.status === 401 || f.status === 403) {
    return `${what}: forbidden (${f.status}): ${detail}. Grant NetPilot's identity read access to the cluster (e.g. the "Azure Kubernetes Service RBAC Reader" role).`;
  }
  if (f.status === 429) return `${what}: throttled (429) after retries: ${detail}`;
  if (f.status !== undefined) return `${what}: HTTP ${f.status}: ${detail}`;
  if (f.networkCode) return `${what}: unreachable (${f.networkCode}): ${f.message}`;
  return `${what}: ${f.message}`;
}

/** The `message` of a Kubernetes `Status` or ARM error body, when the error carries one. */
function statusMessage(err: unknown): string | undefined {
  const body = (err as { body?: unknown } | undefined)?.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try { parsed = JSON.parse(body); } catch { return body.length > 0 && body.length < 300 ? body : undefined; }
  }
  if (parsed && typeof parsed === 'object') {
    const p = parsed as { message?: unknown; error?: { message?: unknown } };
    if (typeof p.message === 'string') return p.message;
    if (typeof p.error?.message === 'string') return p.error.message;
  }
  return undefined;
}

/** Wire JSON of a client-node model (`type` e.g. `V1Node`), Dates as ISO strings, without managedFields. */
function wire(item: unknown, type: string): Record<string, unknown> {
  const obj = JSON.parse(JSON.stringify(ObjectSerializer.serialize(item, type))) as Record<string, unknown>;
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (meta) delete meta.managedFields;
  return obj;
}

type Page = { items: unknown[]; metadata?: { _continue?: string } };

async function readAll(type: string, fetchPage: (cont: string | undefined) => Promise<Page>, retry: RetryOptions | undefined): Promise<KubeListObject> {
  const items: Record<string, unknown>[] = [];
  let cont: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = await withRetry(() => fetchPage(cont), retry);
    items.push(...result.items.map((item) => wire(item, type)));
    cont = result.metadata?._continue || undefined;
    if (!cont) break;
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

/** Reads nodes, kube-system ConfigMaps, all NetworkPolicies and all PDBs using a kubeconfig (YAML). */
export async function readKubernetes(kubeconfigYaml: string, options: KubernetesReadOptions = {}): Promise<KubernetesReadResult> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  const core = kc.makeApiClient(CoreV1Api);
  const networking = kc.makeApiClient(NetworkingV1Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const limit = options.pageSize ?? 500;
  const readers: Record<KubeListName, () => Promise<KubeListObject>> = {
    nodes: () => readAll('V1Node', (c) => core.listNode({ limit, _continue: c }), options.retry),
    configMaps: () => readAll('V1ConfigMap', (c) => core.listNamespacedConfigMap({ namespace: 'kube-system', limit, _continue: c }), options.retry),
    networkPolicies: () => readAll('V1NetworkPolicy', (c) => networking.listNetworkPolicyForAllNamespaces({ limit, _continue: c }), options.retry),
    podDisruptionBudgets: () => readAll('V1PodDisruptionBudget', (c) => policy.listPodDisruptionBudgetForAllNamespaces({ limit, _continue: c }), options.retry),
  };
  const settled = await Promise.allSettled(KUBE_LISTS.map((name) => readers[name]()));
  const result: KubernetesReadResult = { lists: {}, failures: [] };
  settled.forEach((s, i) => {
    const name = KUBE_LISTS[i];
    if (s.status === 'fulfilled') result.lists[name] = s.value;
    else result.failures.push({ list: name, reason: unavailableReason(s.reason, `Kubernetes ${name}`) });
  });
  return result;
}
