// `netpilot audit verify`: checks the hash chain of the audit trail in NETPILOT_DATA_DIR's store.
// Exit 0 with a one-line summary when intact, 1 naming the first broken entry, 2 when there is no store.
import { UserError } from '../services/cluster/errors.ts';
import { verifyStoreAudit } from '../services/store/index.ts';
import { cliConfig, parseCliArgs } from './live.ts';

const USAGE = 'netpilot audit verify';

/** Runs `netpilot audit verify`; returns the exit status. */
export async function auditCommand(args: string[]): Promise<number> {
  const { positionals } = parseCliArgs(args, {}, USAGE);
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    throw new UserError('BadUsage', positionals.length === 0 ? 'missing sub-command' : `unknown audit sub-command "${positionals.join(' ')}"`, `usage: ${USAGE}`);
  }
  const { dataDir } = cliConfig();
  const check = verifyStoreAudit(dataDir);
  if (check.kind === 'no-store') {
    throw new UserError('NoStore', `no store at ${check.file}`, 'Set NETPILOT_DATA_DIR to the directory the bot uses (default ./.netpilot).');
  }
  if (check.kind === 'unchained') {
    throw new UserError('AuditNotChained', `${check.file}: the audit trail has no hash chain yet (schema version ${check.schemaVersion})`,
      'Start NetPilot once with this NETPILOT_DATA_DIR: it migrates the store and chains the existing entries.');
  }
  if (!check.ok) {
    process.stdout.write(`audit chain BROKEN at entry #${check.seq} (${check.at}): ${check.reason}; ${check.entries} entries in ${check.file}\n`);
    return 1;
  }
  const last = check.last ? `, last #${check.last.seq} at ${check.last.at}, head ${check.last.hash.slice(0, 12)}` : '';
  process.stdout.write(`audit chain intact: ${check.entries} entries${last} (${check.file})\n`);
  return 0;
}
