// ARM REST API of the emulator: one route table for Microsoft.ContainerService managed clusters and
// agent pools (credentials, runCommand), Microsoft.Network reads, subscriptions, async operations.
// Throttling applies before routing; auth and faults before that (index.ts).
import { inScope, networkRoutes } from './arm-network.ts';
import { armError, notFound, retryAfter, type ArmContext, type ArmHandler, type ArmRequest, type ArmResponse } from './arm-types.ts';
import { agentPoolBody, clusterBody, operationName, subscriptionBody } from './arm-wire.ts';
import { putCluster } from './cluster-put.ts';
import { kubeconfigYaml, localAccountsDisabled } from './credentials.ts';
import { getMaintenanceConfiguration, listMaintenanceConfigurations } from './maintenance.ts';
import type { Json } from './json.ts';
import { Router, type Params, type Route } from './router.ts';
import { getCommandResult, postRunCommand } from './run-command.ts';
import type { ClusterState } from './world-types.ts';
import type { BucketName } from './throttle.ts';

export { armError, type ArmContext, type ArmRequest, type ArmResponse } from './arm-types.ts';

function page(req: ArmRequest, ctx: ArmContext, items: unknown[]): ArmResponse {
  const skip = Math.max(0, parseInt(req.query.get('$skipToken') ?? '0', 10) || 0);
  const slice = items.slice(skip, skip + ctx.pageSize);
  const body: Json = { value: slice };
  if (skip + ctx.pageSize < items.length) {
    const q = new URLSearchParams(req.query);
    q.set('$skipToken', String(skip + ctx.pageSize));
    body.nextLink = `${ctx.baseUrl()}${req.path}?${q.toString()}`;
  }
  return { status: 200, body };
}

const MC = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters';

/** A handler for routes below one existing managed cluster. */
function withCluster(fn: (req: ArmRequest, ctx: ArmContext, c: ClusterState, p: Params) => ArmResponse): ArmHandler {
  return (req, ctx, p) => {
    const c = ctx.state.get(p.sub, p.rg, p.name);
    return c ? fn(req, ctx, c, p) : notFound('Microsoft.ContainerService/managedClusters', p.name, p.rg);
  };
}

function sameSub(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function credentials(admin: boolean): ArmHandler {
  return withCluster((_req, ctx, c) => {
    if (admin && localAccountsDisabled(c)) {
      return armError(400, 'BadRequest', 'Getting static credential is not allowed because this cluster is set to disable local accounts.');
    }
    const yaml = kubeconfigYaml(c, { baseUrl: ctx.baseUrl(), unreachableUrl: ctx.unreachableUrl(), caPem: ctx.caPem() }, admin);
    return { status: 200, body: { kubeconfigs: [{ name: admin ? 'clusterAdmin' : 'clusterUser', value: Buffer.from(yaml).toString('base64') }] } };
  });
}

const operationStatus: ArmHandler = (_req, ctx, p) => {
  const op = ctx.state.operations.get(p.op);
  const expired = op?.endTime !== undefined && ctx.now() > Date.parse(op.endTime) + ctx.retentionMs;
  if (!op || !sameSub(op.subscriptionId, p.sub) || expired) return armError(404, 'NotFound', `Operation ${p.op} was not found.`);
  const body: Json = { name: operationName(op.id), status: op.status, startTime: op.startTime };
  if (op.endTime) body.endTime = op.endTime;
  if (op.error) body.error = op.error;
  return { status: 200, body, headers: op.status === 'InProgress' ? { 'retry-after': String(retryAfter(ctx)) } : {} };
};

const resourceGroup: ArmHandler = (_req, ctx, p) => {
  const rg = p.rg.toLowerCase();
  const any = [...ctx.state.clusters.values()].some((c) => c.resourceGroup.toLowerCase() === rg
    || c.virtualNetworks.some((v) => inScope(v.id, p.sub, p.rg)) || String((c.cluster.properties as Json).nodeResourceGroup ?? '').toLowerCase() === rg);
  if (!any) return armError(404, 'ResourceGroupNotFound', `Resource group '${p.rg}' could not be found.`);
  return { status: 200, body: { id: `/subscriptions/${p.sub}/resourceGroups/${p.rg}`, name: p.rg, type: 'Microsoft.Resources/resourceGroups', location: 'japaneast', properties: { provisioningState: 'Succeeded' } } };
};

const ROUTES: Route<ArmHandler>[] = [
  { method: 'GET', pattern: '/subscriptions', handler: (req, ctx) => page(req, ctx, ctx.state.subscriptions().map((s) => subscriptionBody(s))) },
  { method: 'GET', pattern: '/subscriptions/:sub',
    handler: (_req, ctx, p) => ({ status: 200, body: subscriptionBody(ctx.state.subscriptions().find((s) => sameSub(s, p.sub))!) }) },
  { method: 'GET', pattern: '/subscriptions/:sub/providers/Microsoft.ContainerService/managedClusters',
    handler: (req, ctx, p) => page(req, ctx, [...ctx.state.clusters.values()].filter((c) => sameSub(c.subscriptionId, p.sub)).map(clusterBody)) },
  { method: 'GET', pattern: '/subscriptions/:sub/providers/Microsoft.ContainerService/locations/:location/operations/:op', handler: operationStatus },
  { method: 'GET', pattern: '/subscriptions/:sub/resourceGroups/:rg', handler: resourceGroup },
  { method: 'GET', pattern: MC, handler: (req, ctx, p) => page(req, ctx, [...ctx.state.clusters.values()]
    .filter((c) => sameSub(c.subscriptionId, p.sub) && c.resourceGroup.toLowerCase() === p.rg.toLowerCase()).map(clusterBody)) },
  { method: 'GET', pattern: `${MC}/:name`, handler: withCluster((_req, _ctx, c) => ({ status: 200, body: clusterBody(c) })) },
  { method: 'PUT', pattern: `${MC}/:name`, handler: (req, ctx, p) => putCluster(req, ctx, p.sub, p.rg, p.name, ctx.state.get(p.sub, p.rg, p.name)) },
  { method: 'POST', pattern: `${MC}/:name/listClusterUserCredential`, handler: credentials(false) },
  { method: 'POST', pattern: `${MC}/:name/listClusterAdminCredential`, handler: credentials(true) },
  { method: 'POST', pattern: `${MC}/:name/runCommand`, handler: withCluster((req, ctx, c) => postRunCommand(req, ctx, c)) },
  { method: 'GET', pattern: `${MC}/:name/commandResults/:id`, handler: withCluster((req, ctx, c, p) => getCommandResult(req, ctx, c, p.id)) },
  { method: 'GET', pattern: `${MC}/:name/maintenanceConfigurations`, handler: withCluster((_req, _ctx, c) => listMaintenanceConfigurations(c)) },
  { method: 'GET', pattern: `${MC}/:name/maintenanceConfigurations/:config`,
    handler: withCluster((_req, _ctx, c, p) => getMaintenanceConfiguration(c, p.config, p.rg)) },
  { method: 'GET', pattern: `${MC}/:name/agentPools`, handler: withCluster((req, ctx, c) => page(req, ctx, c.pools.map((pool) => agentPoolBody(c, pool)))) },
  { method: 'GET', pattern: `${MC}/:name/agentPools/:pool`, handler: withCluster((_req, _ctx, c, p) => {
    const pool = c.pools.find((x) => String(x.name).toLowerCase() === p.pool.toLowerCase());
    return pool ? { status: 200, body: agentPoolBody(c, pool) } : notFound(`Microsoft.ContainerService/managedClusters/${c.name}/agentPools`, p.pool, p.rg);
  }) },
  ...networkRoutes(page),
];

const router = new Router<ArmHandler>(ROUTES);

/** Buckets a request takes tokens from. */
function bucketsFor(req: ArmRequest, seg: string[], sub: string | undefined): { bucket: BucketName; key: string }[] {
  if (!sub) return [];
  const keys: { bucket: BucketName; key: string }[] = [];
  const read = req.method === 'GET' || req.method === 'HEAD';
  keys.push({ bucket: read ? 'subscriptionReads' : 'subscriptionWrites', key: sub });
  const mc = seg.indexOf('managedclusters');
  if (seg[4] === 'microsoft.containerservice' && seg[5] === 'locations' && seg[7] === 'operations') keys.push({ bucket: 'operationStatus', key: sub });
  if (mc >= 0 && seg.length === mc + 1 && read) keys.push({ bucket: 'clusterList', key: sub });
  if (mc >= 0 && seg.length === mc + 2) {
    const clusterKey = seg.slice(0, mc + 2).join('/');
    if (read) keys.push({ bucket: 'clusterGet', key: clusterKey });
    if (req.method === 'PUT') keys.push({ bucket: 'clusterPut', key: clusterKey });
  }
  return keys;
}

/** Handles one ARM request (auth and faults are applied before). */
export function handleArm(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const raw = req.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const seg = raw.map((s) => s.toLowerCase());
  if (seg[0] !== 'subscriptions') return armError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
  if (!req.query.get('api-version')) {
    return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const sub = raw[1];
  const throttled = ctx.throttle.take(bucketsFor(req, seg, sub));
  if (!throttled.ok) {
    return armError(429, 'Throttled', `The request was throttled (${throttled.bucket}). Retry after ${throttled.retryAfterSeconds} seconds.`,
      { 'retry-after': String(throttled.retryAfterSeconds) });
  }
  const out = route(req, ctx, raw);
  if (sub) {
    const read = req.method === 'GET';
    out.headers = {
      ...(out.headers ?? {}),
      [read ? 'x-ms-ratelimit-remaining-subscription-reads' : 'x-ms-ratelimit-remaining-subscription-writes']:
        String(ctx.throttle.remaining(read ? 'subscriptionReads' : 'subscriptionWrites', sub)),
    };
  }
  return out;
}

function route(req: ArmRequest, ctx: ArmContext, raw: string[]): ArmResponse {
  if (raw.length >= 2 && !ctx.state.subscriptions().some((s) => sameSub(s, raw[1]))) {
    return armError(404, 'SubscriptionNotFound', `The subscription '${raw[1]}' could not be found.`);
  }
  const found = router.match(req.method, raw);
  if (found.kind === 'found') return found.handler(req, ctx, found.params);
  if (found.kind === 'method-not-allowed') return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
  if (raw.length >= 3 && raw[2].toLowerCase() !== 'resourcegroups' && raw[2].toLowerCase() !== 'providers') {
    return armError(400, 'InvalidRequestUri', `The request URI '${req.path}' is not valid.`);
  }
  return armError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
}
