// Reads a cluster's AKS maintenance configurations over @azure/arm-containerservice and turns the
// SDK models (Dates) into the plain shape next-window.ts computes with.
import type { ContainerServiceClient, MaintenanceConfiguration } from '@azure/arm-containerservice';
import type { ClusterRef } from '../approval/types.ts';
import type { MaintenanceConfig } from './next-window.ts';

/** Lists the maintenance configurations of a cluster; throws when ARM cannot be read. */
export type MaintenanceReader = (cluster: ClusterRef) => Promise<MaintenanceConfig[]>;

const day = (d: Date | string | undefined): string | undefined =>
  d === undefined ? undefined : (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);
const instant = (d: Date | string | undefined): string => (d === undefined ? '' : typeof d === 'string' ? d : d.toISOString());

/** The plain configuration of an SDK model. */
export function toMaintenanceConfig(m: MaintenanceConfiguration): MaintenanceConfig {
  const w = m.maintenanceWindow;
  return {
    name: m.name ?? '',
    ...(w ? { maintenanceWindow: {
      schedule: JSON.parse(JSON.stringify(w.schedule ?? {})) as NonNullable<MaintenanceConfig['maintenanceWindow']>['schedule'],
      durationHours: w.durationHours,
      ...(w.utcOffset ? { utcOffset: w.utcOffset } : {}),
      ...(w.startDate ? { startDate: day(w.startDate) } : {}),
      startTime: w.startTime,
      ...(w.notAllowedDates ? { notAllowedDates: w.notAllowedDates.map((d) => ({ start: day(d.start) ?? '', end: day(d.end) ?? '' })) } : {}),
    } } : {}),
    ...(m.timeInWeek ? { timeInWeek: m.timeInWeek.map((t) => ({ day: t.day ?? '', hourSlots: t.hourSlots ?? [] })) } : {}),
    ...(m.notAllowedTime ? { notAllowedTime: m.notAllowedTime.map((t) => ({ start: instant(t.start), end: instant(t.end) })) } : {}),
  };
}

/** A reader over the AKS client of the cluster's subscription. */
export function createMaintenanceReader(containerService: (subscriptionId: string) => ContainerServiceClient): MaintenanceReader {
  return async (cluster) => {
    const out: MaintenanceConfig[] = [];
    for await (const m of containerService(cluster.subscriptionId).maintenanceConfigurations.listByManagedCluster(cluster.resourceGroup, cluster.name)) {
      out.push(toMaintenanceConfig(m));
    }
    return out;
  };
}
