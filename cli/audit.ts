// `netpilot audit verify [--lang en|ja]`: checks the hash chain of the audit trail in NETPILOT_DATA_DIR's
// store (SQLite, or Azure Table Storage with NETPILOT_STORE=azure). Exit 0 with a one-line summary when intact, 1 naming the first broken entry, 2 when there is no store.
import { cliText, isLang, langFromEnv } from '../i18n/cli-text.ts';
import type { Lang } from '../i18n/render.ts';
import { CliError, usageError } from './cli-error.ts';
import { verifyConfiguredAudit, type StoreAuditCheck } from '../services/store/index.ts';
import { cliConfig, parseCliArgs } from './live.ts';

const USAGE = 'netpilot audit verify [--lang en|ja]';

/** The one-line result of a chain check (intact or broken) in `lang`. */
export function renderAuditCheck(check: Extract<StoreAuditCheck, { kind: 'checked' }>, lang: Lang): string {
  if (!check.ok) {
    const w = check.why;
    const why = w.id === 'missing-before' ? cliText(lang, 'audit.why.missing-before', { expected: w.expected })
      : w.id === 'tail-removed' ? cliText(lang, 'audit.why.tail-removed', { from: w.from, to: w.to })
        : cliText(lang, `audit.why.${w.id}`);
    return `${cliText(lang, 'audit.broken', { seq: check.seq, at: check.at, why, entries: check.entries, file: check.file })}\n`;
  }
  const last = check.last;
  return `${cliText(lang, 'audit.intact', {
    entries: check.entries, file: check.file, hasLast: last ? 'yes' : 'no',
    lastSeq: last?.seq ?? '-', lastAt: last?.at ?? '-', head: last ? last.hash.slice(0, 12) : '-',
  })}\n`;
}

/** Runs `netpilot audit verify`; returns the exit status. */
export async function auditCommand(args: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const { positionals, values } = parseCliArgs(args, { lang: { type: 'string' } }, USAGE);
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    throw positionals.length === 0 ? usageError(undefined, 'missing-sub-command', undefined, USAGE)
      : usageError(undefined, 'unknown-audit-sub-command', { value: positionals.join(' ') }, USAGE);
  }
  if (values.lang !== undefined && !isLang(values.lang)) {
    throw usageError(undefined, 'unknown-language', { value: values.lang }, USAGE);
  }
  const lang: Lang = isLang(values.lang) ? values.lang : langFromEnv(env);
  const config = cliConfig();
  const check = await verifyConfiguredAudit(config);
  if (check.kind === 'no-store') {
    throw new CliError('NoStore', { id: 'no-store', params: { file: check.file } },
      { id: config.store.kind === 'azure' ? 'no-store.hint-azure' : 'no-store.hint' });
  }
  if (check.kind === 'unchained') {
    throw new CliError('AuditNotChained', { id: 'audit-not-chained', params: { file: check.file, version: check.schemaVersion } }, { id: 'audit-not-chained.hint' });
  }
  process.stdout.write(renderAuditCheck(check, lang));
  return check.ok ? 0 : 1;
}
