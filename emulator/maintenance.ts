// The two read routes of AKS maintenance configurations that @azure/arm-containerservice calls (list,
// get by name); the fleet schema and wire form are in maintenance-schema.ts.
import { notFound, type ArmHandler } from './arm-types.ts';
import type { Json } from './json.ts';
import type { ClusterState } from './world-types.ts';

/** The cluster's configurations (state files written before they existed have none). */
function configsOf(c: ClusterState): Json[] {
  return c.maintenanceConfigurations ?? [];
}

/** `GET .../maintenanceConfigurations`: every configuration of the cluster (one page). */
export function listMaintenanceConfigurations(c: ClusterState): ReturnType<ArmHandler> {
  return { status: 200, body: { value: structuredClone(configsOf(c)) } };
}

/** `GET .../maintenanceConfigurations/{configName}` (name compared case-insensitively, as ARM does). */
export function getMaintenanceConfiguration(c: ClusterState, configName: string, rg: string): ReturnType<ArmHandler> {
  const found = configsOf(c).find((m) => String(m.name).toLowerCase() === configName.toLowerCase());
  return found
    ? { status: 200, body: structuredClone(found) }
    : notFound(`Microsoft.ContainerService/managedClusters/${c.name}/maintenanceConfigurations`, configName, rg);
}
