// AKS runCommand (`POST .../runCommand`, then `GET .../commandResults/{id}`): the command pod runs
// inside the cluster network, so it works for private clusters. The emulator runs the reads NetPilot
// needs, `kubectl get KIND[,KIND...] [NAME] [-n NS] [-A] [-l SELECTOR] -o json`, against the cluster's
// data and prints what kubectl prints; anything else exits 1 with a kubectl-like error.
import { randomUUID } from 'node:crypto';
import { armError, isObject, notFound, type ArmContext, type ArmRequest, type ArmResponse } from './arm-types.ts';
import { clusterTokenCheck, entraEnabled } from './credentials.ts';
import type { Json } from './json.ts';
import { fullObject, KUBE_RESOURCES, matchesSelector, type KubeResource } from './kube.ts';
import type { ClusterState, CommandRecord } from './world-types.ts';
import { TIMINGS } from './timings.ts';

/** What a command printed and how it exited. */
export interface CommandOutput {
  exitCode: number;
  logs: string;
}

const KIND_NAMES: Record<string, string[]> = {
  nodes: ['node', 'nodes', 'no'],
  configmaps: ['configmap', 'configmaps', 'cm'],
  networkpolicies: ['networkpolicy', 'networkpolicies', 'netpol'],
  poddisruptionbudgets: ['poddisruptionbudget', 'poddisruptionbudgets', 'pdb'],
};

/** Resolves a kubectl resource name (`cm`, `networkpolicies.networking.k8s.io`, `pdb.v1.policy`). */
export function resolveKind(text: string): KubeResource | undefined {
  const lower = text.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const qualifier = dot < 0 ? '' : lower.slice(dot + 1);
  const plural = Object.keys(KIND_NAMES).find((k) => KIND_NAMES[k].includes(base));
  if (!plural) return undefined;
  const r = KUBE_RESOURCES[plural];
  const version = r.apiVersion.split('/').pop()!;
  const allowed = r.group ? ['', r.group, `${version}.${r.group}`] : [''];
  return allowed.includes(qualifier) ? r : undefined;
}

function fail(message: string): CommandOutput {
  return { exitCode: 1, logs: `${message}\n` };
}

function unquote(token: string): string {
  return token.replace(/^(['"])(.*)\1$/, '$2');
}

interface GetArgs { kinds: string[]; name?: string; namespace?: string; all: boolean; output?: string; selector?: string }

function parseGet(args: string[]): GetArgs | CommandOutput {
  const out: GetArgs = { kinds: [], all: false };
  const positional: string[] = [];
  const valueOf = (i: number, flag: string): string | CommandOutput => (i < args.length ? args[i] : fail(`error: flag needs an argument: ${flag}`));
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const take = (): string | CommandOutput => inline ?? valueOf(++i, flag);
    let v: string | CommandOutput;
    if (flag === '-A' || flag === '--all-namespaces') out.all = inline === undefined || inline === 'true';
    else if (flag === '-n' || flag === '--namespace') { v = take(); if (typeof v !== 'string') return v; out.namespace = v; }
    else if (/^-n.+/.test(a)) out.namespace = a.slice(2);
    else if (flag === '-o' || flag === '--output') { v = take(); if (typeof v !== 'string') return v; out.output = v; }
    else if (/^-o.+/.test(a)) out.output = a.slice(2).replace(/^=/, '');
    else if (flag === '-l' || flag === '--selector') { v = take(); if (typeof v !== 'string') return v; out.selector = v; }
    else if (['--request-timeout', '--chunk-size', '--ignore-not-found', '--show-managed-fields'].includes(flag) && inline !== undefined) continue;
    else if (a.startsWith('-')) return fail(`error: unknown flag: ${flag}\nSee 'kubectl get --help' for usage.`);
    else positional.push(a);
  }
  if (positional.length === 0) {
    return fail('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.');
  }
  out.kinds = positional[0].split(',').filter(Boolean);
  if (positional.length > 2) return fail('error: the emulator reads one name at a time (kubectl get KIND NAME)');
  out.name = positional[1];
  return out;
}

function forbidden(r: KubeResource, namespace: string | undefined): CommandOutput {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return fail(`Error from server (Forbidden): ${r.plural} is forbidden: User "aks-command" cannot list resource "${r.plural}" in API group "${r.group}" ${scope}`);
}

/** Runs one command line against the cluster's Kubernetes data. */
export function runKubectl(command: string, c: ClusterState): CommandOutput {
  const tokens = command.trim().split(/\s+/).filter(Boolean).map(unquote);
  if (tokens.length === 0) return fail('error: empty command');
  if (tokens[0] !== 'kubectl') return fail(`error: the emulated command pod runs only "kubectl get"; got "${tokens[0]}"`);
  if (tokens[1] !== 'get') return fail(`error: the emulated command pod runs only "kubectl get"; "kubectl ${tokens[1] ?? ''}" is not supported`);
  const parsed = parseGet(tokens.slice(2));
  if ('exitCode' in parsed) return parsed;
  const output = parsed.output ?? '';
  if (output !== 'json') {
    return fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json`);
  }
  const resources: KubeResource[] = [];
  for (const k of parsed.kinds) {
    const r = resolveKind(k);
    if (!r) return fail(`error: the server doesn't have a resource type "${k}"`);
    resources.push(r);
  }
  if (parsed.name && resources.length > 1) return fail('error: you must specify only one resource type when getting a resource by name');
  const items: Json[] = [];
  for (const r of resources) {
    const namespace = r.namespaced && !parsed.all ? parsed.namespace ?? 'default' : undefined;
    const objects = r.items(c);
    if (!c.kubernetes || objects === undefined) return forbidden(r, namespace);
    const inScope = objects.filter((o) => namespace === undefined || (o.metadata.namespace ?? 'default') === namespace)
      .filter((o) => matchesSelector(o.metadata.labels ?? {}, parsed.selector ?? null));
    if (parsed.name) {
      const found = inScope.find((o) => o.metadata.name === parsed.name);
      if (!found) return fail(`Error from server (NotFound): ${r.plural}${r.group ? `.${r.group}` : ''} "${parsed.name}" not found`);
      return { exitCode: 0, logs: `${JSON.stringify(fullObject(found, r), null, 4)}\n` };
    }
    items.push(...inScope.map((o) => fullObject(o, r)));
  }
  const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  return { exitCode: 0, logs: `${JSON.stringify(list, null, 4)}\n` };
}

function resultBody(rec: CommandRecord, now: number): Json {
  if (now < rec.finishedAt) return { id: rec.id, properties: { provisioningState: 'Running', startedAt: iso(rec.startedAt) } };
  return {
    id: rec.id,
    properties: {
      provisioningState: rec.provisioningState,
      exitCode: rec.exitCode,
      startedAt: iso(rec.startedAt),
      finishedAt: iso(rec.finishedAt),
      logs: rec.logs,
      ...(rec.reason ? { reason: rec.reason } : {}),
    },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function resultUrl(req: ArmRequest, ctx: ArmContext, c: ClusterState, id: string): string {
  const apiVersion = req.query.get('api-version') ?? '';
  return `${ctx.baseUrl()}/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}/commandResults/${id}?api-version=${encodeURIComponent(apiVersion)}`;
}

function pollSeconds(ctx: ArmContext): string {
  return String(Math.max(1, Math.ceil(TIMINGS.runCommand / ctx.speed / 3000)));
}

/** `POST .../runCommand`: 202 with a Location to poll, or 400 for a bad request. */
export function postRunCommand(req: ArmRequest, ctx: ArmContext, c: ClusterState): ArmResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body || 'null');
  } catch (err) {
    return armError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${(err as Error).message}'.`);
  }
  if (!isObject(body) || typeof body.command !== 'string' || !body.command.trim()) {
    return armError(400, 'InvalidParameter', "The value of parameter 'command' is required: the request body must be {\"command\": \"kubectl ...\", \"context\": \"\", \"clusterToken\": \"\"}.");
  }
  const token = typeof body.clusterToken === 'string' ? body.clusterToken : '';
  if (entraEnabled(c) && !token) {
    return armError(400, 'MissingAADClusterToken', 'This cluster have Azure Active Directory enabled, .clusterToken is required.');
  }
  const now = ctx.now();
  const output = entraEnabled(c) && !clusterTokenCheck(token, Date.now()).ok
    ? fail('error: You must be logged in to the server (Unauthorized)')
    : runKubectl(body.command, c);
  const rec: CommandRecord = {
    id: randomUUID().replace(/-/g, ''),
    cluster: ctx.state.keyOf(c),
    startedAt: now,
    finishedAt: now + TIMINGS.runCommand / ctx.speed,
    provisioningState: 'Succeeded',
    ...output,
  };
  ctx.state.addCommand(rec);
  return { status: 202, headers: { location: resultUrl(req, ctx, c, rec.id), 'retry-after': pollSeconds(ctx) } };
}

/** `GET .../commandResults/{id}`: 202 while the command runs, then 200 with the result; 404 once forgotten. */
export function getCommandResult(req: ArmRequest, ctx: ArmContext, c: ClusterState, id: string): ArmResponse {
  const rec = ctx.state.commands.get(id);
  const now = ctx.now();
  if (!rec || rec.cluster !== ctx.state.keyOf(c) || now > rec.finishedAt + ctx.retentionMs) {
    return notFound(`Microsoft.ContainerService/managedClusters/${c.name}/commandResults`, id, c.resourceGroup);
  }
  if (now < rec.finishedAt) {
    return { status: 202, body: resultBody(rec, now), headers: { location: resultUrl(req, ctx, c, rec.id), 'retry-after': pollSeconds(ctx) } };
  }
  return { status: 200, body: resultBody(rec, now) };
}
