// When the weekly readiness digest is due. Pure: the scheduler in bot/ asks with its clock.
// A period starts at the configured weekday and hour (UTC) and lasts a week; its key is the ISO
// instant of that start. A channel gets one digest per period, the first one whose start is after
// it switched the digest on (a restart after the start posts it late, never skips it).

/** Weekday numbers as `Date.getUTCDay()` gives them (0 = Sunday). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** `NETPILOT_DIGEST_DAY` / `NETPILOT_DIGEST_HOUR`. */
export interface DigestSchedule {
  day: Weekday;
  /** 0..23, UTC. */
  hour: number;
}

/** The default schedule: Monday 09:00 UTC. */
export const DEFAULT_DIGEST_SCHEDULE: DigestSchedule = { day: 1, hour: 9 };

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The start of the period `now` falls in: the latest scheduled instant at or before `now`. */
export function digestPeriodStart(now: Date, schedule: DigestSchedule): Date {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), schedule.hour));
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() - schedule.day + 7) % 7));
  return start.getTime() > now.getTime() ? new Date(start.getTime() - WEEK_MS) : start;
}

/** The key of the period that starts at `start` (its ISO instant). */
export function digestPeriodKey(start: Date): string {
  return start.toISOString();
}

/** The start of the next period after `now`. */
export function nextDigestAt(now: Date, schedule: DigestSchedule): Date {
  return new Date(digestPeriodStart(now, schedule).getTime() + WEEK_MS);
}

/** What `isDigestDue` looks at for one channel. */
export interface DigestDueInput {
  now: Date;
  schedule: DigestSchedule;
  /** When the channel switched the digest on. */
  enabledAt: Date;
  /** Key of the last period claimed for this channel, if any. */
  lastPeriod?: string;
}

/** The period to post now, or undefined when nothing is due. */
export function isDigestDue(input: DigestDueInput): { period: string; start: Date } | undefined {
  const start = digestPeriodStart(input.now, input.schedule);
  if (start.getTime() < input.enabledAt.getTime()) return undefined;
  const period = digestPeriodKey(start);
  if (input.lastPeriod !== undefined && input.lastPeriod >= period) return undefined;
  return { period, start };
}
