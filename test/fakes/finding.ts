// Test helpers for structured findings: a finding of any check (its catalogue title and remedy) and
// the English texts of a finding, for assertions on what a reader sees.
import { renderFinding, renderMessage, type FindingTexts, type Lang } from '../../i18n/render.ts';
import { msg, type Message } from '../../services/preflight/messages.ts';
import { toFinding } from '../../services/preflight/run-preflight.ts';
import type { Finding, Severity } from '../../services/preflight/types.ts';

/** A finding of `check` as the engine builds it; `detail` defaults to a one-item list naming the check. */
export function fakeFinding(check: string, severity: Severity, detail?: Message, unverified = false): Finding {
  const d = detail ?? msg('missing.list', { items: [check] });
  const head = { id: check, severity, docsUrl: 'https://learn.microsoft.com/azure/aks/' };
  return unverified
    ? toFinding(head, { status: 'unverified', missing: d, hint: msg('check-error.hint') })!
    : toFinding(head, { status: 'fail', detail: d })!;
}

/** The rendered title, detail and remediation of `f` (English unless told). */
export function texts(f: Finding, lang: Lang = 'en'): FindingTexts {
  return renderFinding(f, lang);
}

/** The rendered detail of `f` in English. */
export function detailOf(f: Finding | undefined): string {
  if (!f) throw new Error('no such finding');
  return renderMessage(f.detail, 'en');
}

/** The rendered remediation of `f` in English. */
export function remediationOf(f: Finding | undefined): string {
  if (!f) throw new Error('no such finding');
  return renderMessage(f.remediation, 'en');
}
