// English texts of scheduled starts and of the health summary after a step (ICU MessageFormat).
// Same ids and arguments as schedule-ja.ts (checked by the type and test/i18n/schedule-catalogue.test.ts).

/** The English schedule/health catalogue. */
export const scheduleEn = {
  'target': '{target, select, overlay {Azure CNI Overlay} other {Cilium}}',
  'card.start.label': 'When to start',
  'card.start.now': 'Start now, as soon as it is approved',
  'card.start.window': 'In the next maintenance window: {start} to {end} ({config})',
  'card.start.time': 'At a date and time I pick',
  'card.start.date': 'Start date (for a picked time)',
  'card.start.time-label': 'Start time ({zone})',
  'card.start.window-late': 'The next maintenance window ({start}, {config}) opens after this request expires ({expires}), so it cannot be chosen.',
  'card.start.window-none': 'This cluster has no maintenance window configured.',
  'card.start.window-unread': 'The maintenance configurations of this cluster could not be read ({reason}), so the window cannot be offered.',
  'card.start.hint': 'A scheduled start runs the preflight and the eTag check again at that time and posts here whether it started. Until then `cancel {cluster}` withdraws it.',
  'decided.scheduled': 'Starts {kind, select, window {in the maintenance window at} other {at}} {at}. The preflight and the eTag check run again then.',
  'refuse.unknown-choice': 'Choose when to start: now, in the next maintenance window, or at a date and time.',
  'refuse.missing-date-time': 'To start at a time you pick, fill in both the date and the time.',
  'refuse.malformed-date-time': 'The date or time is not valid: use a date such as 2026-12-05 and a time such as 21:30.',
  'refuse.past': 'The start time {at} has already passed. Pick a later time.',
  'refuse.after-expiry': 'The start time {at} is after this request expires ({expires}). Pick an earlier time, or request the migration again.',
  'refuse.no-window': 'This cluster has no upcoming maintenance window. Start now or pick a time.',
  'refuse.window-after-expiry': 'The next maintenance window ({at}) opens after this request expires ({expires}). Start now or pick an earlier time.',
  'thread.starting': 'Scheduled start of {cluster} ({target}): the preflight and the eTag check passed again, so the update is being sent now.',
  'thread.not-started': 'The scheduled start of {cluster} ({target}) did not happen: {reason, select, clusterChanged {the cluster changed since the approval (eTag)} newBlocker {the preflight found a blocker} windowMissed {the maintenance window had ended} missed {the start time had passed long ago} preflightFailed {the preflight could not run} other {the request was no longer approved}}. Nothing was sent to Azure; the request is withdrawn. Request the migration again if it is still wanted.',
  'status.scheduled-title': 'Scheduled starts',
  'status.scheduled-row': '{cluster} to {target}: starts {at} ({kind, select, window {maintenance window} other {picked time}}), request {id}',
  'cancel.scheduled': 'The scheduled start of {cluster} (request {id}) is cancelled. Nothing was sent to Azure.',
  'health.title': 'Health of {cluster} after the {target} step: {verdict, select, healthy {all good} attention {needs attention} other {incomplete, some data could not be read}}',
  'health.nodes': 'Nodes: {ok} of {total} labelled for {target}, Ready and schedulable.',
  'health.node': '{name}: {issues}',
  'health.issue': '{issue, select, notLabelled {not labelled for the target} notReady {not Ready} other {cordoned (unschedulable)}}',
  'health.nodes-error': 'Nodes could not be read: {error}',
  'health.system': 'System pods {app} ready: {ready} of {expected} Linux nodes.',
  'health.leftover': '{app} pods still present: {count} (Cilium replaces it).',
  'health.system-error': 'System pods could not be read: {error}',
  'health.pods': 'Pods not running: {after} now, {before} before the step.',
  'health.pods-no-before': 'Pods not running: {after} now (not known before the step).',
  'health.pod': '{namespace}/{name}{node, select, none {} other { on {node}}}: {reason}{isNew, select, yes { (since the step)} other {}}',
  'health.pods-error': 'Pods could not be read: {error}',
  'health.more': 'and {count} more',
} as const;

/** Ids of the schedule/health catalogue. */
export type ScheduleMessageId = keyof typeof scheduleEn;
