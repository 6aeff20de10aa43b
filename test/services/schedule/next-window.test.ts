// The next maintenance window, table-tested. 2026-12-05 is a Saturday.
import { describe, expect, it } from 'vitest';
import { nextMaintenanceWindow, nextWindowOf, offsetMinutes, type MaintenanceConfig } from '../../../services/schedule/next-window.ts';

const NOW = new Date('2026-12-05T10:00:00Z'); // Saturday 19:00 in Tokyo
const win = (schedule: NonNullable<MaintenanceConfig['maintenanceWindow']>['schedule'], extra: Partial<NonNullable<MaintenanceConfig['maintenanceWindow']>> = {}): MaintenanceConfig => ({
  name: 'aksManagedNodeOSUpgradeSchedule',
  maintenanceWindow: { schedule, durationHours: 6, utcOffset: '+09:00', startTime: '22:00', ...extra },
});

describe('nextWindowOf', () => {
  it.each([
    ['weekly, later today', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } }), NOW, '2026-12-05T13:00:00.000Z', '2026-12-05T19:00:00.000Z'],
    ['weekly, open now', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } }), new Date('2026-12-05T14:00:00Z'), '2026-12-05T13:00:00.000Z', '2026-12-05T19:00:00.000Z'],
    ['weekly, just closed', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } }), new Date('2026-12-05T19:00:00Z'), '2026-12-12T13:00:00.000Z', '2026-12-12T19:00:00.000Z'],
    ['weekly, not allowed this weekend', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } }, { notAllowedDates: [{ start: '2026-12-05', end: '2026-12-06' }] }), NOW, '2026-12-12T13:00:00.000Z', '2026-12-12T19:00:00.000Z'],
    ['weekly, window runs into a not-allowed next day', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } }, { notAllowedDates: [{ start: '2026-12-06', end: '2026-12-06' }] }), NOW, '2026-12-12T13:00:00.000Z', '2026-12-12T19:00:00.000Z'],
    ['every 2 weeks from 2026-11-28', win({ weekly: { intervalWeeks: 2, dayOfWeek: 'Saturday' } }, { startDate: '2026-11-28' }), NOW, '2026-12-12T13:00:00.000Z', '2026-12-12T19:00:00.000Z'],
    ['not before startDate', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } }, { startDate: '2027-01-01' }), NOW, '2027-01-02T13:00:00.000Z', '2027-01-02T19:00:00.000Z'],
    ['daily at 01:00 Tokyo', win({ daily: { intervalDays: 1 } }, { startTime: '01:00', durationHours: 8 }), NOW, '2026-12-05T16:00:00.000Z', '2026-12-06T00:00:00.000Z'],
    ['every 3 days from 2026-12-01', win({ daily: { intervalDays: 3 } }, { startTime: '01:00', startDate: '2026-12-01' }), NOW, '2026-12-06T16:00:00.000Z', '2026-12-06T22:00:00.000Z'],
    ['monthly on the 15th', win({ absoluteMonthly: { intervalMonths: 1, dayOfMonth: 15 } }, { startTime: '02:00', durationHours: 4 }), NOW, '2026-12-14T17:00:00.000Z', '2026-12-14T21:00:00.000Z'],
    ['every 2 months on the 15th from November', win({ absoluteMonthly: { intervalMonths: 2, dayOfMonth: 15 } }, { startTime: '02:00', startDate: '2026-11-15' }), NOW, '2027-01-14T17:00:00.000Z', '2027-01-14T23:00:00.000Z'],
    ['the 31st in February is its last day', win({ absoluteMonthly: { intervalMonths: 1, dayOfMonth: 31 } }, { startTime: '00:00', utcOffset: '+00:00' }), new Date('2027-02-01T00:00:00Z'), '2027-02-28T00:00:00.000Z', '2027-02-28T06:00:00.000Z'],
    ['first Sunday of the month', win({ relativeMonthly: { intervalMonths: 1, weekIndex: 'First', dayOfWeek: 'Sunday' } }, { startTime: '00:00', durationHours: 8 }), NOW, '2026-12-05T15:00:00.000Z', '2026-12-05T23:00:00.000Z'],
    ['last Friday of the month', win({ relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Friday' } }, { startTime: '00:00', utcOffset: '+00:00' }), NOW, '2026-12-25T00:00:00.000Z', '2026-12-25T06:00:00.000Z'],
    ['a negative offset (New York, Friday 23:00)', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Friday' } }, { startTime: '23:00', utcOffset: '-05:00', durationHours: 4 }), new Date('2026-12-05T03:00:00Z'), '2026-12-05T04:00:00.000Z', '2026-12-05T08:00:00.000Z'],
    ['a window opened yesterday (local) and still open', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Friday' } }, { startTime: '23:00', utcOffset: '-05:00', durationHours: 4 }), new Date('2026-12-05T06:00:00Z'), '2026-12-05T04:00:00.000Z', '2026-12-05T08:00:00.000Z'],
    ['default: UTC hour slots on Sunday, merged', { name: 'default', timeInWeek: [{ day: 'Sunday', hourSlots: [1, 2, 3] }] }, NOW, '2026-12-06T01:00:00.000Z', '2026-12-06T04:00:00.000Z'],
    ['default: notAllowedTime skips that Sunday', { name: 'default', timeInWeek: [{ day: 'Sunday', hourSlots: [1, 2, 3] }], notAllowedTime: [{ start: '2026-12-06T00:00:00Z', end: '2026-12-07T00:00:00Z' }] }, NOW, '2026-12-13T01:00:00.000Z', '2026-12-13T04:00:00.000Z'],
  ] as [string, MaintenanceConfig, Date, string, string][])('%s', (_name, config, now, start, end) => {
    const w = nextWindowOf(config, now);
    expect(w && { start: w.start.toISOString(), end: w.end.toISOString() }).toEqual({ start, end });
  });

  it.each([
    ['a malformed offset', win({ daily: { intervalDays: 1 } }, { utcOffset: '9:00' })],
    ['a malformed start time', win({ daily: { intervalDays: 1 } }, { startTime: '7pm' })],
    ['an unknown weekday', win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Caturday' } })],
    ['no schedule kind', win({})],
    ['a malformed not-allowed date (fail closed: no window)', win({ daily: { intervalDays: 1 } }, { notAllowedDates: [{ start: 'soon', end: '2026-12-06' }] })],
  ] as [string, MaintenanceConfig][])('has no window for %s', (_name, config) => {
    expect(nextWindowOf(config, NOW)).toBeUndefined();
  });
});

describe('nextMaintenanceWindow', () => {
  const nodeOs = win({ weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } });
  const def: MaintenanceConfig = { name: 'default', timeInWeek: [{ day: 'Saturday', hourSlots: [11] }] };

  it('prefers the node OS upgrade schedule (a migration reimages nodes like one)', () => {
    expect(nextMaintenanceWindow([def, nodeOs], NOW)).toMatchObject({ config: 'aksManagedNodeOSUpgradeSchedule', utcOffset: '+09:00' });
  });

  it('falls back to the next configuration with a window', () => {
    expect(nextMaintenanceWindow([def, win({ daily: { intervalDays: 1 } }, { utcOffset: 'bad' })], NOW))
      .toMatchObject({ config: 'default', start: new Date('2026-12-05T11:00:00Z') });
  });

  it('has none without configurations', () => {
    expect(nextMaintenanceWindow([], NOW)).toBeUndefined();
  });

  it('reads offsets', () => {
    expect([offsetMinutes('+09:00'), offsetMinutes('-05:30'), offsetMinutes(undefined), offsetMinutes('+15:00'), offsetMinutes('0900')]).toEqual([540, -330, 0, undefined, undefined]);
  });
});
