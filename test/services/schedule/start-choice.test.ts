// The approver's start choice, validated: now, the next window, or a picked date and time.
import { describe, expect, it } from 'vitest';
import { decideStart, zonedInstant } from '../../../services/schedule/start-choice.ts';

const now = new Date('2026-12-05T10:00:00Z');
const expiresAt = new Date('2026-12-05T14:00:00Z');
const window = { config: 'aksManagedNodeOSUpgradeSchedule', start: new Date('2026-12-05T13:00:00Z'), end: new Date('2026-12-05T19:00:00Z'), utcOffset: '+09:00' };

describe('decideStart', () => {
  it('starts now by default', () => {
    expect(decideStart({}, { now, expiresAt, timeZone: 'UTC' })).toEqual({ ok: true });
    expect(decideStart({ startChoice: 'now', startDate: 'junk' }, { now, expiresAt, timeZone: 'UTC' })).toEqual({ ok: true });
  });

  it('schedules the next window when it opens before the request expires', () => {
    expect(decideStart({ startChoice: 'window' }, { now, expiresAt, window, timeZone: 'UTC' })).toEqual({ ok: true,
      start: { kind: 'window', at: '2026-12-05T13:00:00.000Z', windowEnd: '2026-12-05T19:00:00.000Z', config: 'aksManagedNodeOSUpgradeSchedule', timeZone: '+09:00' } });
    // an open window: a minute from now
    expect(decideStart({ startChoice: 'window' }, { now: new Date('2026-12-05T13:30:00Z'), expiresAt: new Date('2026-12-05T16:00:00Z'), window, timeZone: 'UTC' }))
      .toMatchObject({ ok: true, start: { at: '2026-12-05T13:31:00.000Z' } });
  });

  it.each([
    ['no window', { startChoice: 'window' }, { window: undefined }, 'no-window'],
    ['a window after the expiry', { startChoice: 'window' }, { expiresAt: new Date('2026-12-05T12:00:00Z') }, 'window-after-expiry'],
    ['an unknown choice', { startChoice: 'later' }, {}, 'unknown-choice'],
    ['a time without date', { startChoice: 'time', startTime: '12:00' }, {}, 'missing-date-time'],
    ['a malformed time', { startChoice: 'time', startDate: '2026-12-05', startTime: '12h' }, {}, 'malformed-date-time'],
    ['an impossible date', { startChoice: 'time', startDate: '2026-02-30', startTime: '12:00' }, {}, 'malformed-date-time'],
    ['a past time', { startChoice: 'time', startDate: '2026-12-05', startTime: '09:59' }, {}, 'past'],
    ['a time after the expiry', { startChoice: 'time', startDate: '2026-12-05', startTime: '14:01' }, {}, 'after-expiry'],
  ])('refuses %s', (_name, inputs, over, code) => {
    const ctx = { now, expiresAt, window, timeZone: 'UTC', ...over };
    expect(decideStart(inputs, ctx)).toMatchObject({ ok: false, code, expiresAt: ctx.expiresAt });
  });

  it('reads a picked time in the approver\'s zone', () => {
    expect(decideStart({ startChoice: 'time', startDate: '2026-12-05', startTime: '21:30' }, { now, expiresAt, timeZone: 'Asia/Tokyo' }))
      .toEqual({ ok: true, start: { kind: 'time', at: '2026-12-05T12:30:00.000Z', timeZone: 'Asia/Tokyo' } });
    // an unknown zone falls back to UTC
    expect(decideStart({ startChoice: 'time', startDate: '2026-12-05', startTime: '12:30' }, { now, expiresAt, timeZone: 'Mars/Olympus' }))
      .toMatchObject({ ok: true, start: { at: '2026-12-05T12:30:00.000Z', timeZone: 'UTC' } });
  });

  it('handles daylight saving time', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'America/New_York')?.toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(zonedInstant('2026-12-01', '09:00', 'America/New_York')?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });
});
