// Kubernetes reader over @kubernetes/client-node: the lists the checks need, read in parallel,
// each call with a deadline (10 s) and one retry. A list that cannot be read is reported with its
// reason (which failure, what to do), never dropped. No exec plugin ever runs (kubeconfig.ts).
// Lists are read raw: the API server's JSON is parsed once and kept as it is (kubectl-style, as the
// runCommand path gives it). client-node's own list methods turn every item into model classes
// (Dates and all), which the checks then needed turned back into wire JSON: the two conversions
// made most of the garbage of a progress poll. The generated request factories still build each
// request (URL, query, authentication) and the generated response processors still turn a refusal
// into the same ApiException. The package has no exports map: they are imported from dist/.
import type { Configuration, RequestContext, ResponseContext } from '@kubernetes/client-node';
import { CoreV1ApiRequestFactory, CoreV1ApiResponseProcessor } from '@kubernetes/client-node/dist/gen/apis/CoreV1Api.js';
import { NetworkingV1ApiRequestFactory, NetworkingV1ApiResponseProcessor } from '@kubernetes/client-node/dist/gen/apis/NetworkingV1Api.js';
import { PolicyV1ApiRequestFactory, PolicyV1ApiResponseProcessor } from '@kubernetes/client-node/dist/gen/apis/PolicyV1Api.js';
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

/** An item as the API server sent it, without managedFields (server-side apply bookkeeping). */
function wire(item: Record<string, unknown>): Record<string, unknown> {
  const meta = item.metadata as Record<string, unknown> | undefined;
  if (meta) delete meta.managedFields;
  return item;
}

/** Sends a request built by a generated request factory and parses a 2xx answer's JSON; any other
 * answer goes to the generated response processor, which throws client-node's ApiException. */
async function rawPage(configuration: Configuration, request: Promise<RequestContext>, refuse: (rsp: ResponseContext) => Promise<unknown>): Promise<Page> {
  const rsp = await configuration.httpApi.send(await request).toPromise();
  if (rsp.httpStatusCode < 200 || rsp.httpStatusCode > 299) {
    await refuse(rsp);
    throw new Error(`Kubernetes answered ${rsp.httpStatusCode}`);
  }
  const body = JSON.parse(await rsp.body.text()) as Partial<Page> | null;
  if (!body || !Array.isArray(body.items)) throw new Error('Kubernetes answered a list without items');
  return body as Page;
}

type Page = { items: Record<string, unknown>[]; metadata?: { continue?: string } };

async function readAll(type: string, fetchPage: (cont: string | undefined) => Promise<Page>, retry: RetryOptions, timeoutMs: number): Promise<KubeListObject> {
  const items: Record<string, unknown>[] = [];
  let cont: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = await withRetry(() => timed(() => fetchPage(cont), timeoutMs, `list ${type}`), retry);
    for (const item of result.items) items.push(wire(item));
    cont = result.metadata?.continue || undefined;
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
  const { configuration } = options.apis ?? createKubeApis(config, { token: options.token, timeoutMs });
  const retry: RetryOptions = { attempts: KUBE_ATTEMPTS, ...options.retry };
  const limit = options.pageSize ?? 500;
  const core = new CoreV1ApiRequestFactory(configuration);
  const coreRefuse = new CoreV1ApiResponseProcessor();
  const networking = new NetworkingV1ApiRequestFactory(configuration);
  const networkingRefuse = new NetworkingV1ApiResponseProcessor();
  const policy = new PolicyV1ApiRequestFactory(configuration);
  const policyRefuse = new PolicyV1ApiResponseProcessor();
  const page = (request: Promise<RequestContext>, refuse: (rsp: ResponseContext) => Promise<unknown>) => rawPage(configuration, request, refuse);
  const readers: Record<KubeListName, () => Promise<KubeListObject>> = {
    nodes: () => readAll('V1Node', (c) => page(core.listNode(undefined, undefined, c, undefined, undefined, limit),
      (r) => coreRefuse.listNodeWithHttpInfo(r)), retry, timeoutMs),
    configMaps: () => readAll('V1ConfigMap', (c) => page(core.listNamespacedConfigMap('kube-system', undefined, undefined, c, undefined, undefined, limit),
      (r) => coreRefuse.listNamespacedConfigMapWithHttpInfo(r)), retry, timeoutMs),
    networkPolicies: () => readAll('V1NetworkPolicy', (c) => page(networking.listNetworkPolicyForAllNamespaces(undefined, c, undefined, undefined, limit),
      (r) => networkingRefuse.listNetworkPolicyForAllNamespacesWithHttpInfo(r)), retry, timeoutMs),
    podDisruptionBudgets: () => readAll('V1PodDisruptionBudget', (c) => page(policy.listPodDisruptionBudgetForAllNamespaces(undefined, c, undefined, undefined, limit),
      (r) => policyRefuse.listPodDisruptionBudgetForAllNamespacesWithHttpInfo(r)), retry, timeoutMs),
    pods: () => readAll('V1Pod', (c) => page(core.listPodForAllNamespaces(undefined, c, undefined, undefined, limit),
      (r) => coreRefuse.listPodForAllNamespacesWithHttpInfo(r)), retry, timeoutMs),
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
