// Fleet file reading for the emulator: its own small parser (it plays Azure and shares only the
// JSON shape of spec/interfaces.md §6 with the product). Everything is turned into ARM wire form.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { maintenanceConfigurationsSchema, toMaintenanceConfiguration } from './maintenance-schema.ts';
import type { KubeObject } from './nodes.ts';
import { AFTER_REIMAGE_ANNOTATION, AFTER_REIMAGE_VALUES } from './pods.ts';

/** A plain JSON object. */
import type { Json } from './json.ts';

export type { Json };

/** A malformed fleet file; `message` names the file and the JSON path at fault. */
export class FleetFileError extends Error {
  readonly file: string;
  readonly jsonPath: string;
  constructor(file: string, jsonPath: string, problem: string) {
    super(`${file}: ${jsonPath ? `${jsonPath}: ` : ''}${problem}`);
    this.name = 'FleetFileError';
    this.file = file;
    this.jsonPath = jsonPath;
  }
}

/** Kubernetes objects of one cluster, each list possibly absent (then the API refuses it). */
export interface FleetKubernetes {
  nodes?: KubeObject[];
  configMaps: KubeObject[];
  networkPolicies: KubeObject[];
  podDisruptionBudgets: KubeObject[];
  /** Pods the fleet gives (absent: the pods API answers 403); system pods are added (see pods.ts). */
  pods?: KubeObject[];
  /** False: no AKS system pods are synthesised (the fleet's pods already list kube-system). */
  systemPods?: boolean;
}

/** One cluster of the fleet in ARM wire form. */
export interface FleetCluster {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** The managed cluster resource without `properties.agentPoolProfiles` (pools are kept apart). */
  cluster: Json;
  /** Agent pool profiles (flattened, ARM spellings, with `name`). */
  pools: Json[];
  virtualNetworks: Json[];
  routeTables: Json[];
  kubernetes?: FleetKubernetes;
  /** AKS maintenance configurations (ARM wire form, `properties` inline), served below the cluster. */
  maintenanceConfigurations: Json[];
}

/** Emulator knobs a fleet file may carry at top level (`emulator`). */
export interface FleetEmulatorSettings {
  speed?: number;
  pageSize?: number;
  faults?: { latencyMs?: number; errorRate?: number; dropAcceptedPutRate?: number; throttle?: Record<string, { size: number; refillPerSecond: number }>; clusterErrors?: Record<string, number> };
}

/** A parsed fleet. */
export interface Fleet {
  source: string;
  clusters: FleetCluster[];
  emulator: FleetEmulatorSettings;
}

const loose = z.looseObject({});
const kubeItem = z.looseObject({ metadata: z.looseObject({ name: z.string({ error: 'required: metadata.name' }) }) });
const kubeList = z.union([z.array(kubeItem), z.looseObject({ items: z.array(kubeItem) })]).nullish();
const armResource = z.looseObject({ id: z.string({ error: 'required: the resource id' }) });
const clusterSchema = z.looseObject({ id: z.string({ error: 'required: the cluster resource id' }) });

const afterReimage = z.enum(AFTER_REIMAGE_VALUES, { error: `must be one of ${AFTER_REIMAGE_VALUES.join(', ')}` });
const podItem = z.looseObject({
  metadata: z.looseObject({
    name: z.string({ error: 'required: metadata.name' }),
    annotations: z.looseObject({ [AFTER_REIMAGE_ANNOTATION]: afterReimage.optional() }).nullish(),
  }),
});
const podList = z.union([z.array(podItem), z.looseObject({ items: z.array(podItem) })]).nullish();

const fleetSchema = z.looseObject({
  clusters: z.array(z.looseObject({
    cluster: clusterSchema,
    agentPools: z.array(loose).nullish(),
    virtualNetworks: z.array(armResource).nullish(),
    routeTables: z.array(armResource).nullish(),
    kubernetes: z.looseObject({
      nodes: kubeList, configMaps: kubeList, networkPolicies: kubeList, podDisruptionBudgets: kubeList,
      pods: podList, systemPods: z.boolean().nullish(),
    }).nullish(),
    maintenanceConfigurations: maintenanceConfigurationsSchema.nullish(),
  }), { error: 'required: a "clusters" array' }),
  emulator: z.looseObject({
    speed: z.number().positive().nullish(),
    pageSize: z.number().int().positive().nullish(),
    faults: z.looseObject({
      latencyMs: z.number().nonnegative().nullish(),
      errorRate: z.number().min(0).max(1).nullish(),
      dropAcceptedPutRate: z.number().min(0).max(1).nullish(),
      throttle: z.record(z.string(), z.object({ size: z.number().positive(), refillPerSecond: z.number().nonnegative() })).nullish(),
      clusterErrors: z.record(z.string(), z.number().int().min(400).max(599)).nullish(),
    }).nullish(),
  }).nullish(),
});

/** ARM top-level keys of a resource; every other key of a flattened resource goes in `properties`. */
const TOP_LEVEL = new Set(['id', 'name', 'type', 'location', 'tags', 'eTag', 'etag', 'identity', 'sku', 'extendedLocation', 'kind', 'systemData', 'zones', 'properties']);
/** az CLI / SDK spellings -> ARM wire spellings. */
const RENAMES: Record<string, string> = {
  vnetSubnetId: 'vnetSubnetID', podSubnetId: 'podSubnetID', osSku: 'osSKU', dnsServiceIp: 'dnsServiceIP',
  enableRbac: 'enableRBAC', azurePortalFqdn: 'azurePortalFQDN', privateFqdn: 'privateFQDN', nodePublicIpPrefixId: 'nodePublicIPPrefixID',
  dockerBridgeCidr: 'dockerBridgeCidr', diskEncryptionSetId: 'diskEncryptionSetID', proximityPlacementGroupId: 'proximityPlacementGroupID',
};
/** az-only fields that are not part of the ARM resource. */
const AZ_ONLY = new Set(['resourceGroup']);

/** Drops nulls and applies ARM spellings, recursively. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      if (v === null || v === undefined) continue;
      out[RENAMES[k] ?? k] = clean(v);
    }
    return out;
  }
  return value;
}

/** Puts a flattened resource into ARM form (`properties`); ARM-form input is kept. */
function toArm(resource: Json, keepTop: ReadonlySet<string> = TOP_LEVEL): Json {
  const r = clean(resource) as Json;
  const top: Json = {};
  const props: Json = { ...((r.properties as Json | undefined) ?? {}) };
  for (const [k, v] of Object.entries(r)) {
    if (k === 'properties' || AZ_ONLY.has(k)) continue;
    if (keepTop.has(k)) top[k] = v;
    else props[k] = v;
  }
  return { ...top, properties: props };
}

function flatten(resource: Json): Json {
  const props = resource.properties as Json | undefined;
  const out: Json = { ...resource, ...(props ?? {}) };
  delete out.properties;
  return out;
}

function armSubnet(s: Json): Json { return toArm(s); }
function armPeering(p: Json): Json { return toArm(p); }
function armRoute(r: Json): Json { return toArm(r); }

/** ARM form of a VNet with its subnets and peerings. */
function armVnet(v: Json): Json {
  const arm = toArm(v);
  const props = arm.properties as Json;
  if (Array.isArray(props.subnets)) props.subnets = (props.subnets as Json[]).map(armSubnet);
  if (Array.isArray(props.virtualNetworkPeerings)) props.virtualNetworkPeerings = (props.virtualNetworkPeerings as Json[]).map(armPeering);
  props.provisioningState ??= 'Succeeded';
  return arm;
}

function armRouteTable(t: Json): Json {
  const arm = toArm(t);
  const props = arm.properties as Json;
  if (Array.isArray(props.routes)) props.routes = (props.routes as Json[]).map(armRoute);
  props.provisioningState ??= 'Succeeded';
  return arm;
}

/** Parts of an ARM id (`/subscriptions/S/resourceGroups/G/providers/P/T/N...`). */
export function parseArmId(id: string): { subscriptionId: string; resourceGroup: string; names: string[] } | undefined {
  const seg = id.split('/').filter(Boolean);
  if (seg.length < 4 || seg[0].toLowerCase() !== 'subscriptions' || seg[2].toLowerCase() !== 'resourcegroups') return undefined;
  const names: string[] = [];
  for (let i = 7; i < seg.length; i += 2) names.push(seg[i]);
  return { subscriptionId: seg[1], resourceGroup: seg[3], names };
}

function kubeItems(list: unknown): KubeObject[] | undefined {
  if (list === undefined || list === null) return undefined;
  const items = Array.isArray(list) ? list : (list as { items: unknown[] }).items;
  return structuredClone(items) as KubeObject[];
}

/** Validates a fleet object and converts it to the emulator's ARM wire model. */
export function parseFleet(json: unknown, source: string): Fleet {
  const result = fleetSchema.safeParse(json);
  if (!result.success) {
    const issue = deepestIssue(result.error.issues);
    throw new FleetFileError(source, issue.path, issue.message);
  }
  const clusters: FleetCluster[] = result.data.clusters.map((snap, i) => {
    const path = `clusters[${i}].cluster`;
    const arm = toArm(snap.cluster as Json);
    const idParts = parseArmId(String(arm.id));
    if (!idParts || !/\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+\/?$/i.test(String(arm.id))) {
      throw new FleetFileError(source, `${path}.id`, `not a managed cluster resource id: "${String(arm.id)}"`);
    }
    const name = idParts.names[idParts.names.length - 1];
    arm.name ??= name;
    if (arm.etag !== undefined && arm.eTag === undefined) arm.eTag = arm.etag;
    delete arm.etag;
    arm.type ??= 'Microsoft.ContainerService/ManagedClusters';
    const props = arm.properties as Json;
    if (!props.networkProfile || typeof props.networkProfile !== 'object') {
      throw new FleetFileError(source, `${path}${(snap.cluster as Json).properties ? '.properties' : ''}.networkProfile`, 'required: the cluster network profile');
    }
    const rawPools = (snap.agentPools as Json[] | null | undefined)?.map((p) => flatten(toArm(p)))
      ?? ((props.agentPoolProfiles as Json[] | undefined) ?? []).map((p) => clean(p) as Json);
    rawPools.forEach((p, j) => {
      if (typeof p.name !== 'string' || !p.name) {
        throw new FleetFileError(source, snap.agentPools ? `clusters[${i}].agentPools[${j}].name` : `${path}.agentPoolProfiles[${j}].name`, 'required: the agent pool name');
      }
      // The agent pool resource's own id/type are rebuilt when served; `type` of a profile is the pool kind.
      delete p.id;
      if (typeof p.typePropertiesType === 'string') p.type = p.typePropertiesType;
      delete p.typePropertiesType;
      if (typeof p.type === 'string' && p.type.includes('/')) delete p.type;
      if (p.etag !== undefined && p.eTag === undefined) p.eTag = p.etag;
      delete p.etag;
    });
    delete props.agentPoolProfiles;
    props.provisioningState ??= 'Succeeded';
    const k = snap.kubernetes;
    const kubernetes: FleetKubernetes | undefined = k ? {
      nodes: kubeItems(k.nodes),
      configMaps: kubeItems(k.configMaps) ?? [],
      networkPolicies: kubeItems(k.networkPolicies) ?? [],
      podDisruptionBudgets: kubeItems(k.podDisruptionBudgets) ?? [],
      ...(k.pods !== undefined && k.pods !== null ? { pods: kubeItems(k.pods) } : {}),
      ...(typeof k.systemPods === 'boolean' ? { systemPods: k.systemPods } : {}),
    } : undefined;
    return {
      subscriptionId: idParts.subscriptionId,
      resourceGroup: idParts.resourceGroup,
      name,
      cluster: arm,
      pools: rawPools,
      virtualNetworks: ((snap.virtualNetworks ?? []) as Json[]).map(armVnet),
      routeTables: ((snap.routeTables ?? []) as Json[]).map(armRouteTable),
      kubernetes,
      maintenanceConfigurations: (snap.maintenanceConfigurations ?? []).map((m) => toMaintenanceConfiguration(m as Json, String(arm.id))),
    };
  });
  const seen = new Set<string>();
  clusters.forEach((c, i) => {
    const key = `${c.subscriptionId}/${c.resourceGroup}/${c.name}`.toLowerCase();
    if (seen.has(key)) throw new FleetFileError(source, `clusters[${i}].cluster.id`, `duplicate cluster "${c.name}"`);
    seen.add(key);
  });
  const e = result.data.emulator;
  return {
    source,
    clusters,
    emulator: {
      speed: e?.speed ?? undefined,
      pageSize: e?.pageSize ?? undefined,
      faults: e?.faults ? {
        latencyMs: e.faults.latencyMs ?? undefined,
        errorRate: e.faults.errorRate ?? undefined,
        dropAcceptedPutRate: e.faults.dropAcceptedPutRate ?? undefined,
        throttle: e.faults.throttle ?? undefined,
        clusterErrors: e.faults.clusterErrors ?? undefined,
      } : undefined,
    },
  };
}

function deepestIssue(issues: readonly z.core.$ZodIssue[]): { path: string; message: string } {
  let issue = issues[0];
  let prefix: PropertyKey[] = [];
  while (issue && issue.code === 'invalid_union' && issue.errors.length > 0) {
    prefix = [...prefix, ...issue.path];
    const best = issue.errors.filter((b) => b.length > 0).sort((a, b) => (b[0]?.path.length ?? 0) - (a[0]?.path.length ?? 0))[0];
    if (!best) break;
    issue = best[0];
  }
  if (!issue) return { path: '', message: 'invalid' };
  const path = [...prefix, ...issue.path].reduce<string>((acc, key) =>
    typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key), '');
  return { path, message: issue.message };
}

/** Reads and parses a fleet file; throws `FleetFileError` naming the file and JSON path. */
export function loadFleetFile(path: string): Fleet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FleetFileError(path, '', code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FleetFileError(path, '', `not valid JSON (${(err as Error).message})`);
  }
  return parseFleet(json, path);
}
