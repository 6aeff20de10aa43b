// AKS maintenance configurations (Microsoft.ContainerService/managedClusters/maintenanceConfigurations):
// the fleet schema of the optional `maintenanceConfigurations` of a cluster entry and the ARM wire form.
// The read routes are in maintenance.ts.
import { z } from 'zod';
import type { Json } from './json.ts';

/** The configuration names AKS accepts. */
export const MAINTENANCE_CONFIG_NAMES = ['default', 'aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule'] as const;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const weekday = z.enum(WEEKDAYS, { error: `must be a weekday (${WEEKDAYS.join(', ')})` });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date yyyy-mm-dd' });
const interval = (max: number) => z.number().int().min(1).max(max);

const scheduleSchema = z.strictObject({
  daily: z.strictObject({ intervalDays: interval(7) }).nullish(),
  weekly: z.strictObject({ intervalWeeks: interval(4), dayOfWeek: weekday }).nullish(),
  absoluteMonthly: z.strictObject({ intervalMonths: interval(6), dayOfMonth: z.number().int().min(1).max(31) }).nullish(),
  relativeMonthly: z.strictObject({
    intervalMonths: interval(6), weekIndex: z.enum(['First', 'Second', 'Third', 'Fourth', 'Last']), dayOfWeek: weekday,
  }).nullish(),
}).refine((s) => [s.daily, s.weekly, s.absoluteMonthly, s.relativeMonthly].filter(Boolean).length === 1,
  { error: 'exactly one of daily, weekly, absoluteMonthly, relativeMonthly is required' });

const windowSchema = z.looseObject({
  schedule: scheduleSchema,
  durationHours: z.number({ error: 'required: durationHours (4 to 24)' }).int().min(4).max(24),
  utcOffset: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, { error: 'must be +hh:mm or -hh:mm' }).nullish(),
  startDate: date.nullish(),
  startTime: z.string({ error: 'required: startTime (hh:mm)' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be hh:mm' }),
  notAllowedDates: z.array(z.strictObject({ start: date, end: date })).nullish(),
});

const fields = {
  timeInWeek: z.array(z.strictObject({ day: weekday, hourSlots: z.array(z.number().int().min(0).max(23)).min(1) })).nullish(),
  notAllowedTime: z.array(z.strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })).nullish(),
  maintenanceWindow: windowSchema.nullish(),
};

const configSchema = z.looseObject({
  name: z.enum(MAINTENANCE_CONFIG_NAMES, { error: `required: name, one of ${MAINTENANCE_CONFIG_NAMES.join(', ')}` }),
  properties: z.looseObject(fields).nullish(),
  ...fields,
}).refine((c) => {
  const p = (c.properties ?? c) as { timeInWeek?: unknown; maintenanceWindow?: unknown };
  return Boolean(p.timeInWeek || p.maintenanceWindow);
}, { error: 'a maintenance configuration needs timeInWeek or maintenanceWindow' });

/** Fleet schema of a cluster entry's `maintenanceConfigurations` (names unique). */
export const maintenanceConfigurationsSchema = z.array(configSchema).refine(
  (list) => new Set(list.map((c) => c.name.toLowerCase())).size === list.length,
  { error: 'duplicate maintenance configuration name' },
);

/** ARM wire form of a fleet maintenance configuration (flattened or with `properties`). */
export function toMaintenanceConfiguration(raw: Json, clusterId: string): Json {
  const props: Json = { ...((raw.properties as Json | undefined) ?? {}) };
  for (const key of Object.keys(fields)) if (raw[key] !== undefined && raw[key] !== null) props[key] = raw[key];
  for (const [k, v] of Object.entries(props)) if (v === null) delete props[k];
  const name = String(raw.name);
  return {
    id: `${clusterId}/maintenanceConfigurations/${name}`,
    name,
    type: 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations',
    properties: props,
  };
}
