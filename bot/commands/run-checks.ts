// Shared by `check` and `upgrade`: snapshot the cluster once, run the preflight for one or both targets.
import { TARGETS, type Target } from '../../services/cluster/types.ts';
import type { PreflightReport } from '../../services/preflight/types.ts';
import type { ClusterRef } from '../ports.ts';
import { failureReply } from './failure-reply.ts';
import type { CommandContext, Reply } from './types.ts';

/** Reports for `target` (or both targets, in one card), or an error card when the cluster cannot be read. */
export async function runChecks(
  ctx: Pick<CommandContext, 'services' | 'locale'>,
  ref: ClusterRef,
  target: Target | undefined,
  podCidr: string | undefined,
): Promise<{ reports: PreflightReport[] } | { reply: Reply }> {
  let snapshot;
  try {
    snapshot = await ctx.services.directory.snapshot(ref);
  } catch (err) {
    const reply = failureReply(ctx, err, ref.name);
    if (!reply) throw err;
    return { reply };
  }
  const targets = target ? [target] : [...TARGETS];
  const reports = targets.map((t) => ctx.services.runPreflight(snapshot, t, podCidr ? { podCidr } : undefined));
  return { reports };
}
