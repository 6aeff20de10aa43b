// The next AKS planned-maintenance window of a cluster, from its maintenance configurations (pure).
// `maintenanceWindow` (aksManagedNodeOSUpgradeSchedule / aksManagedAutoUpgradeSchedule): a schedule
// (daily / weekly / absoluteMonthly / relativeMonthly, every N from `startDate`), a local `startTime`
// at `utcOffset`, `durationHours`, and `notAllowedDates` (local dates on which no window runs).
// `timeInWeek` (the `default` configuration): UTC hour slots per weekday, minus `notAllowedTime`.
// Sources: https://learn.microsoft.com/azure/aks/planned-maintenance (schedule types and fields).
// UNVERIFIED: `absoluteMonthly` on a day the month lacks (e.g. 31 in April) is taken as the month's
// last day; without `startDate` every interval counts from yesterday (local).

/** Weekday names as the ARM API spells them. */
export type WeekDay = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';
const WEEKDAYS: readonly WeekDay[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** `maintenanceWindow.schedule`: exactly one kind is set. */
export interface MaintenanceSchedule {
  daily?: { intervalDays: number };
  weekly?: { intervalWeeks: number; dayOfWeek: string };
  absoluteMonthly?: { intervalMonths: number; dayOfMonth: number };
  relativeMonthly?: { intervalMonths: number; weekIndex: string; dayOfWeek: string };
}

/** One maintenance configuration, plain (dates as `yyyy-mm-dd`, instants as ISO strings). */
export interface MaintenanceConfig {
  name: string;
  maintenanceWindow?: {
    schedule: MaintenanceSchedule;
    durationHours: number;
    /** `+hh:mm` / `-hh:mm`; default `+00:00`. */
    utcOffset?: string;
    /** `yyyy-mm-dd` (local); default: the schedule counts from today. */
    startDate?: string;
    /** `hh:mm` (local). */
    startTime: string;
    notAllowedDates?: { start: string; end: string }[];
  };
  timeInWeek?: { day: string; hourSlots: number[] }[];
  notAllowedTime?: { start: string; end: string }[];
}

/** A maintenance window: which configuration it comes from, and when it opens and closes. */
export interface MaintenanceWindow {
  config: string;
  start: Date;
  end: Date;
  /** `utcOffset` of the configuration (how its owner reads the times). */
  utcOffset: string;
}

/** Which configuration a network migration (a reimage of every node) follows, most specific first. */
export const CONFIG_PREFERENCE: readonly string[] = ['aksManagedNodeOSUpgradeSchedule', 'aksManagedAutoUpgradeSchedule', 'default'];

const DAY_MS = 86_400_000;
const HORIZON_DAYS = 800;

/** Minutes east of UTC of `+hh:mm` / `-hh:mm`; undefined when malformed. */
export function offsetMinutes(utcOffset: string | undefined): number | undefined {
  if (utcOffset === undefined || utcOffset === '') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset.trim());
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 || Number(m[3]) > 59 ? undefined : (m[1] === '-' ? -minutes : minutes);
}

/** Days since the epoch of a `yyyy-mm-dd` date; undefined when malformed. */
function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(t);
  return back.getUTCDate() === Number(m[3]) ? t / DAY_MS : undefined;
}

function hhmm(time: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** True when local day `day` (days since the epoch) is a day the schedule runs. */
function scheduled(s: MaintenanceSchedule, day: number, anchor: number): boolean {
  if (day < anchor) return false;
  const d = new Date(day * DAY_MS);
  const weekday = d.getUTCDay();
  const months = (x: Date) => x.getUTCFullYear() * 12 + x.getUTCMonth();
  const anchorDate = new Date(anchor * DAY_MS);
  if (s.daily) return mod(day - anchor, Math.max(1, s.daily.intervalDays)) === 0;
  if (s.weekly) {
    const want = WEEKDAYS.indexOf(s.weekly.dayOfWeek as WeekDay);
    if (want < 0 || weekday !== want) return false;
    const first = anchor + mod(want - anchorDate.getUTCDay(), 7);
    return mod(day - first, 7 * Math.max(1, s.weekly.intervalWeeks)) === 0;
  }
  const everyMonths = (n: number) => mod(months(d) - months(anchorDate), Math.max(1, n)) === 0;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  if (s.absoluteMonthly) {
    return everyMonths(s.absoluteMonthly.intervalMonths) && d.getUTCDate() === Math.min(s.absoluteMonthly.dayOfMonth, lastDay);
  }
  if (s.relativeMonthly) {
    const want = WEEKDAYS.indexOf(s.relativeMonthly.dayOfWeek as WeekDay);
    if (want < 0 || weekday !== want || !everyMonths(s.relativeMonthly.intervalMonths)) return false;
    const nth = Math.ceil(d.getUTCDate() / 7);
    if (s.relativeMonthly.weekIndex === 'Last') return d.getUTCDate() + 7 > lastDay;
    return ['First', 'Second', 'Third', 'Fourth'].indexOf(s.relativeMonthly.weekIndex) + 1 === nth;
  }
  return false;
}

/** The next window of a `maintenanceWindow` configuration that has not ended at `now`. */
function nextScheduledWindow(c: MaintenanceConfig, now: Date): MaintenanceWindow | undefined {
  const w = c.maintenanceWindow;
  if (!w) return undefined;
  const offset = offsetMinutes(w.utcOffset);
  const start = hhmm(w.startTime);
  if (offset === undefined || start === undefined || !(w.durationHours > 0)) return undefined;
  const offsetMs = offset * 60_000;
  const today = Math.floor((now.getTime() + offsetMs) / DAY_MS);
  const anchor = w.startDate !== undefined ? dayNumber(w.startDate) : today - 1;
  if (anchor === undefined) return undefined;
  const blocked = (w.notAllowedDates ?? []).map((r) => [dayNumber(r.start), dayNumber(r.end)] as const);
  for (let day = today - 1; day <= today + HORIZON_DAYS; day++) {
    if (!scheduled(w.schedule, day, anchor)) continue;
    const opens = day * DAY_MS + start * 60_000 - offsetMs;
    const closes = opens + w.durationHours * 3_600_000;
    if (closes <= now.getTime()) continue;
    // A window that touches a not-allowed local date (first to last day it spans) does not run.
    const firstDay = day;
    const lastDay = Math.floor((closes - 1 + offsetMs) / DAY_MS);
    if (blocked.some(([a, b]) => a === undefined || b === undefined || (firstDay <= b && lastDay >= a))) continue;
    return { config: c.name, start: new Date(opens), end: new Date(closes), utcOffset: w.utcOffset || '+00:00' };
  }
  return undefined;
}

/** The next window of a `timeInWeek` configuration (UTC hour slots, contiguous slots merged). */
function nextWeeklySlots(c: MaintenanceConfig, now: Date): MaintenanceWindow | undefined {
  if (!c.timeInWeek || c.timeInWeek.length === 0) return undefined;
  const hours = new Set<number>(); // hour of the week (0 = Sunday 00:00 UTC)
  for (const t of c.timeInWeek) {
    const d = WEEKDAYS.indexOf(t.day as WeekDay);
    if (d < 0) continue;
    for (const h of t.hourSlots) if (Number.isInteger(h) && h >= 0 && h < 24) hours.add(d * 24 + h);
  }
  if (hours.size === 0) return undefined;
  const banned = (c.notAllowedTime ?? []).map((r) => [Date.parse(r.start), Date.parse(r.end)] as const);
  const hourMs = 3_600_000;
  const first = Math.floor(now.getTime() / hourMs);
  for (let h = first; h < first + 24 * HORIZON_DAYS; h++) {
    const weekHour = mod(new Date(h * hourMs).getUTCDay() * 24 + new Date(h * hourMs).getUTCHours(), 168);
    if (!hours.has(weekHour)) continue;
    const isBanned = (x: number) => banned.some(([a, b]) => !Number.isFinite(a) || !Number.isFinite(b) || (x * hourMs < b && (x + 1) * hourMs > a));
    if (isBanned(h)) continue;
    let end = h + 1;
    while (hours.has(mod(weekHour + (end - h), 168)) && !isBanned(end) && end - h < 168) end++;
    return { config: c.name, start: new Date(h * hourMs), end: new Date(end * hourMs), utcOffset: '+00:00' };
  }
  return undefined;
}

/** The next window of one configuration that has not ended at `now` (it may already be open). */
export function nextWindowOf(config: MaintenanceConfig, now: Date): MaintenanceWindow | undefined {
  return config.maintenanceWindow ? nextScheduledWindow(config, now) : nextWeeklySlots(config, now);
}

/** The window a migration would start in: of the preferred configuration that has one (node OS
 * upgrades first: a migration reimages every node like one), else undefined. */
export function nextMaintenanceWindow(configs: readonly MaintenanceConfig[], now: Date): MaintenanceWindow | undefined {
  const byName = (name: string) => configs.find((c) => c.name.toLowerCase() === name.toLowerCase());
  for (const name of CONFIG_PREFERENCE) {
    const c = byName(name);
    const w = c ? nextWindowOf(c, now) : undefined;
    if (w) return w;
  }
  return undefined;
}
