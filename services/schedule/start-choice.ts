// The approver's start choice, validated (pure): "now", "the cluster's next maintenance window", or a
// date and time they picked (Input.Date `yyyy-mm-dd` + Input.Time `hh:mm`, read in their time zone).
// A start must lie after now and no later than the request's expiry (a refusal says which rule).
import type { ScheduledStartInfo } from '../approval/types.ts';
import type { MaintenanceWindow } from './next-window.ts';


/** The raw inputs, as untrusted strings from the card. */
export interface StartInputs {
  startChoice?: string;
  startDate?: string;
  startTime?: string;
}

/** Why a start choice is refused (stable codes the chat layer maps to text). */
export type StartRefusal =
  | 'unknown-choice'
  | 'missing-date-time'
  | 'malformed-date-time'
  | 'past'
  | 'after-expiry'
  | 'no-window'
  | 'window-after-expiry';

/** Result: start now (no schedule), a scheduled start, or a refusal with the facts it names. */
export type StartDecision =
  | { ok: true; start?: ScheduledStartInfo }
  | { ok: false; code: StartRefusal; at?: Date; expiresAt: Date };

/** True for an IANA zone `Intl` knows (e.g. `Asia/Tokyo`, `UTC`). */
export function validTimeZone(zone: string | undefined): zone is string {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC (minutes east) at `instant`. */
function zoneOffsetMinutes(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant of local `date` `time` in `zone`; undefined when malformed or not a real date/time. */
export function zonedInstant(date: string, time: string, zone: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(time.trim());
  if (!d || !t || !validTimeZone(zone)) return undefined;
  const local = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const check = new Date(local);
  if (check.getUTCDate() !== Number(d[3]) || check.getUTCMonth() !== Number(d[2]) - 1) return undefined;
  // Two passes settle the offset around a daylight-saving change.
  let guess = local - zoneOffsetMinutes(zone, local) * 60_000;
  guess = local - zoneOffsetMinutes(zone, guess) * 60_000;
  return new Date(guess);
}

/** Validates the choice against now, the request's expiry and the cluster's next window. */
export function decideStart(inputs: StartInputs, ctx: { now: Date; expiresAt: Date; window?: MaintenanceWindow; timeZone: string }): StartDecision {
  const choice = (inputs.startChoice ?? 'now').trim() || 'now';
  const { now, expiresAt } = ctx;
  const refuse = (code: StartRefusal, at?: Date): StartDecision => ({ ok: false, code, expiresAt, ...(at ? { at } : {}) });
  switch (choice) {
    case 'now':
      return { ok: true };
    case 'window': {
      const w = ctx.window;
      if (!w) return refuse('no-window');
      const at = new Date(Math.max(w.start.getTime(), now.getTime() + 60_000));
      if (at.getTime() > expiresAt.getTime()) return refuse('window-after-expiry', w.start);
      return { ok: true, start: { kind: 'window', at: at.toISOString(), windowEnd: w.end.toISOString(), config: w.config, timeZone: w.utcOffset } };
    }
    case 'time': {
      if (!inputs.startDate?.trim() || !inputs.startTime?.trim()) return refuse('missing-date-time');
      const zone = validTimeZone(ctx.timeZone) ? ctx.timeZone : 'UTC';
      const at = zonedInstant(inputs.startDate, inputs.startTime, zone);
      if (!at) return refuse('malformed-date-time');
      if (at.getTime() <= now.getTime()) return refuse('past', at);
      if (at.getTime() > expiresAt.getTime()) return refuse('after-expiry', at);
      return { ok: true, start: { kind: 'time', at: at.toISOString(), timeZone: zone } };
    }
    default:
      return refuse('unknown-choice');
  }
}
