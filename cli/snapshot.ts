// `netpilot snapshot CLUSTER [-g RG] [-s SUB]`: prints the snapshot file (spec §6) of a live cluster.
import { UserError } from '../services/cluster/errors.ts';
import { parseCliArgs, withLiveSnapshot } from './live.ts';

const USAGE = 'netpilot snapshot CLUSTER [-g RG] [-s SUB]';

/** Runs `netpilot snapshot`; returns the exit status (errors throw UserError -> 2 in main). */
export async function snapshotCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    'resource-group': { type: 'string', short: 'g' },
    subscription: { type: 'string', short: 's' },
  }, USAGE);
  if (positionals.length !== 1) {
    throw new UserError('BadUsage', positionals.length === 0 ? 'missing CLUSTER' : `one CLUSTER expected, got ${positionals.length}`, `usage: ${USAGE}`);
  }
  const text = await withLiveSnapshot(
    { cluster: positionals[0], resourceGroup: values['resource-group'], subscriptionId: values.subscription },
    async (_snapshot, raw) => `${JSON.stringify(raw, null, 2)}\n`,
  );
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
  return 0;
}
