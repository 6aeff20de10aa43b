// `netpilot audit verify [--lang en|ja]`: checks the hash chain of the audit trail in NETPILOT_DATA_DIR's
// store (SQLite, or Azure Table Storage with NETPILOT_STORE=azure). Exit 0 with a one-line summary when intact, 1 naming the first broken entry, 2 when there is no store.
import { cliText, isLang, langFromEnv } from '../i18n/cli-text.ts';
import type { Lang } from '../i18n/render.ts';
import { UserError } from '../services/cluster/errors.ts';
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
    throw new UserError('BadUsage', positionals.length === 0 ? 'missing sub-command' : `unknown audit sub-command "${positionals.join(' ')}"`, `usage: ${USAGE}`);
  }
  if (values.lang !== undefined && !isLang(values.lang)) {
    throw new UserError('BadUsage', `unknown language "${values.lang}" (expected en or ja)`, `usage: ${USAGE}`);
  }
  const lang: Lang = isLang(values.lang) ? values.lang : langFromEnv(env);
  const config = cliConfig();
  const check = await verifyConfiguredAudit(config);
  if (check.kind === 'no-store') {
    throw new UserError('NoStore', `no store at ${check.file}`, config.store.kind === 'azure'
      ? 'Set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL to the account the bot uses.'
      : 'Set NETPILOT_DATA_DIR to the directory the bot uses (default ./.netpilot).');
  }
  if (check.kind === 'unchained') {
    throw new UserError('AuditNotChained', `${check.file}: the audit trail has no hash chain yet (schema version ${check.schemaVersion})`,
      'Start NetPilot once with this NETPILOT_DATA_DIR: it migrates the store and chains the existing entries.');
  }
  process.stdout.write(renderAuditCheck(check, lang));
  return check.ok ? 0 : 1;
}
