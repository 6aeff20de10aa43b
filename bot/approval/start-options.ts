// The start choice of the approval card, between the desk and services/schedule: the card section
// (now / the cluster's next maintenance window / a picked time) and the server-side check of what
// the approver chose, with the refusal text in the approver's language.
import type { ApprovalScheduleView } from '../../cards/approval-card.ts';
import type { ApprovalRequest, ScheduledStartInfo } from '../../services/approval/types.ts';
import type { MaintenanceReader } from '../../services/schedule/maintenance-reader.ts';
import { nextMaintenanceWindow, type MaintenanceWindow } from '../../services/schedule/next-window.ts';
import { decideStart, validTimeZone, type StartInputs } from '../../services/schedule/start-choice.ts';
import { formatInZone, scheduleText } from '../../i18n/schedule.ts';
import type { Locale } from '../i18n/index.ts';

/** The cluster's next window, or why there is none. */
type WindowLookup = { window?: MaintenanceWindow; error?: string };

/** What a checked start choice came to. */
export type StartCheck = { ok: true; start?: ScheduledStartInfo } | { ok: false; message: string };

/** The start choice over the maintenance reader and the clock. */
export class StartOptions {
  constructor(private readonly deps: { maintenance?: MaintenanceReader; now: () => Date }) {}

  private async lookup(request: ApprovalRequest): Promise<WindowLookup> {
    if (!this.deps.maintenance) return {};
    try {
      return { window: nextMaintenanceWindow(await this.deps.maintenance(request.cluster), this.deps.now()) };
    } catch (err) {
      return { error: err instanceof Error ? err.message.slice(0, 200) : String(err) };
    }
  }

  /** The card section for an approver (times in their zone, the window in its own offset). */
  async cardView(request: ApprovalRequest, lang: Locale, timeZone: string | undefined): Promise<ApprovalScheduleView> {
    const zone = validTimeZone(timeZone) ? timeZone : 'UTC';
    const { window, error } = await this.lookup(request);
    const t = (id: Parameters<typeof scheduleText>[1], p: Record<string, string | number> = {}) => scheduleText(lang, id, p);
    const choices: ApprovalScheduleView['choices'] = [{ title: t('card.start.now'), value: 'now' }];
    const notes: string[] = [];
    const expires = Date.parse(request.expiresAt);
    if (window && window.start.getTime() <= expires) {
      choices.push({ value: 'window', title: t('card.start.window', {
        start: formatInZone(window.start, window.utcOffset), end: formatInZone(window.end, window.utcOffset), config: window.config }) });
    } else if (window) {
      notes.push(t('card.start.window-late', { start: formatInZone(window.start, window.utcOffset), config: window.config, expires: formatInZone(request.expiresAt, zone) }));
    } else if (error) notes.push(t('card.start.window-unread', { reason: error }));
    else notes.push(t('card.start.window-none'));
    choices.push({ title: t('card.start.time'), value: 'time' });
    notes.push(t('card.start.hint', { cluster: request.cluster.name }));
    return {
      label: t('card.start.label'), choices, dateLabel: t('card.start.date'), timeLabel: t('card.start.time-label', { zone }),
      minDate: formatInZone(this.deps.now(), zone).slice(0, 10), notes,
    };
  }

  /** Checks the approver's choice now (past, malformed, after the expiry, no window). */
  async check(request: ApprovalRequest, inputs: StartInputs, timeZone: string | undefined, lang: Locale): Promise<StartCheck> {
    const choice = (inputs.startChoice ?? 'now').trim() || 'now';
    const zone = validTimeZone(timeZone) ? timeZone : 'UTC';
    const { window } = choice === 'window' ? await this.lookup(request) : {};
    const d = decideStart(inputs, { now: this.deps.now(), expiresAt: new Date(request.expiresAt), timeZone: zone, ...(window ? { window } : {}) });
    if (d.ok) return d;
    const at = d.at ? formatInZone(d.at, d.code === 'window-after-expiry' && window ? window.utcOffset : zone) : '';
    return { ok: false, message: scheduleText(lang, `refuse.${d.code}`, { at, expires: formatInZone(d.expiresAt, zone) }) };
  }
}

/** The decided card's line for a request that waits for its scheduled start (undefined otherwise). */
export function scheduledLine(request: ApprovalRequest, lang: Locale): string | undefined {
  const s = request.scheduledStart;
  if (!s || request.state !== 'approved') return undefined;
  return scheduleText(lang, 'decided.scheduled', { kind: s.kind, at: formatInZone(s.at, s.timeZone) });
}
