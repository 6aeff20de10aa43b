// The emulated Kubernetes API of each cluster, served under `/k8s/{sub}/{rg}/{name}`: the list
// endpoints NetPilot reads, with real `*List` shapes and `Status` errors; nodes change live.
import type { Json } from './json.ts';
import type { KubeObject } from './nodes.ts';
import { clusterPods } from './pods.ts';
import type { EmulatorState } from './state.ts';
import type { ClusterState } from './world-types.ts';

/** A Kubernetes API response. */
export interface KubeResponse {
  status: number;
  body: unknown;
}

/** A `Status` failure object as kube-apiserver sends it. */
export function kubeStatus(code: number, reason: string, message: string, details?: Json): KubeResponse {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code },
  };
}

/** A Kubernetes resource type the emulator serves. */
export interface KubeResource {
  kind: string;
  apiVersion: string;
  plural: string;
  group: string;
  namespaced: boolean;
  items: (c: ClusterState) => KubeObject[] | undefined;
}

/** The resource types served, by plural. */
export const KUBE_RESOURCES: Record<string, KubeResource> = {
  nodes: { kind: 'Node', apiVersion: 'v1', plural: 'nodes', group: '', namespaced: false, items: (c) => c.kubernetes?.nodes },
  configmaps: { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', group: '', namespaced: true, items: (c) => c.kubernetes?.configMaps },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', plural: 'networkpolicies', group: 'networking.k8s.io', namespaced: true, items: (c) => c.kubernetes?.networkPolicies },
  poddisruptionbudgets: { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', plural: 'poddisruptionbudgets', group: 'policy', namespaced: true, items: (c) => c.kubernetes?.podDisruptionBudgets },
  pods: { kind: 'Pod', apiVersion: 'v1', plural: 'pods', group: '', namespaced: true, items: (c) => (c.kubernetes ? clusterPods({
    clusterId: String(c.cluster.id), nodes: c.kubernetes.nodes, pods: c.kubernetes.pods, systemPods: c.kubernetes.systemPods, reimaged: c.reimaged ?? [],
  }) : undefined) },
};

/** Equality-based label selector (`a=b,c!=d,e`), enough for the product's reads. */
export function matchesSelector(labels: Record<string, string>, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').map((s) => s.trim()).filter(Boolean).every((term) => {
    const ne = /^([^!=]+)!=(.*)$/.exec(term);
    if (ne) return labels[ne[1].trim()] !== ne[2].trim();
    const eq = /^([^=]+)==?(.*)$/.exec(term);
    if (eq) return labels[eq[1].trim()] === eq[2].trim();
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}

function strip(obj: KubeObject): Json {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  void _k; void _a;
  return structuredClone(rest);
}

/** The object with its `kind` and `apiVersion`, as a single GET (or kubectl) returns it. */
export function fullObject(obj: KubeObject, r: KubeResource): Json {
  return { ...strip(obj), kind: r.kind, apiVersion: r.apiVersion };
}

/** Handles `path` (below the cluster prefix) for cluster `c`; the token was checked before. */
export function handleKube(method: string, path: string, query: URLSearchParams, c: ClusterState, state: EmulatorState): KubeResponse {
  void state;
  const seg = path.split('/').filter(Boolean);
  if (method !== 'GET') return kubeStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  const version = String((c.cluster.properties as Json).currentKubernetesVersion ?? (c.cluster.properties as Json).kubernetesVersion ?? '1.30.0');
  if (seg.length === 1 && seg[0] === 'version') {
    const [major, minor] = version.split('.');
    return { status: 200, body: { major, minor, gitVersion: `v${version}`, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2025-02-12T21:33:17Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64' } };
  }
  // /api/v1/... or /apis/{group}/{version}/...
  let rest: string[];
  let group: string;
  if (seg[0] === 'api' && seg[1] === 'v1') { group = ''; rest = seg.slice(2); }
  else if (seg[0] === 'apis' && seg.length >= 3) { group = seg[1]; rest = seg.slice(3); }
  else return kubeStatus(404, 'NotFound', 'the server could not find the requested resource');

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) { namespace = rest[1]; rest = rest.slice(2); }
  const r = KUBE_RESOURCES[rest[0] ?? ''];
  if (!r || r.group !== group || (namespace !== undefined && !r.namespaced) || rest.length > 2) {
    return kubeStatus(404, 'NotFound', 'the server could not find the requested resource');
  }
  const items = r.items(c);
  if (!c.kubernetes || items === undefined) {
    const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    const verb = rest.length === 2 ? 'get' : 'list';
    return kubeStatus(403, 'Forbidden',
      `${r.plural}${rest.length === 2 ? ` "${rest[1]}"` : ''} is forbidden: User "clusterUser" cannot ${verb} resource "${r.plural}" in API group "${r.group}" ${scope}`,
      { ...(rest.length === 2 ? { name: rest[1] } : {}), ...(r.group ? { group: r.group } : {}), kind: r.plural });
  }
  const inNs = items.filter((o) => namespace === undefined || (o.metadata.namespace ?? 'default') === namespace);
  if (rest.length === 2) {
    const found = inNs.find((o) => o.metadata.name === rest[1]);
    if (!found) return kubeStatus(404, 'NotFound', `${r.plural}${r.group ? `.${r.group}` : ''} "${rest[1]}" not found`, { name: rest[1], ...(r.group ? { group: r.group } : {}), kind: r.plural });
    return { status: 200, body: fullObject(found, r) };
  }
  const selected = inNs.filter((o) => matchesSelector(o.metadata.labels ?? {}, query.get('labelSelector')));
  return {
    status: 200,
    body: { kind: `${r.kind}List`, apiVersion: r.apiVersion, metadata: { resourceVersion: String(c.resourceVersion) }, items: selected.map(strip) },
  };
}
