// Shared by `check` and `upgrade`: snapshot the cluster once, run the preflight for one or both targets.
import { UserError } from '../../services/cluster/errors.ts';
import { TARGETS, type Target } from '../../services/cluster/types.ts';
import type { PreflightReport } from '../../services/preflight/types.ts';
import { messages } from '../i18n/index.ts';
import type { ClusterRef } from '../ports.ts';
import type { CommandContext, Reply } from './types.ts';

/** Reports for `target` (or both targets, in one card), or an error card when the cluster cannot be read. */
export async function runChecks(
  ctx: CommandContext,
  ref: ClusterRef,
  target: Target | undefined,
  podCidr: string | undefined,
): Promise<{ reports: PreflightReport[] } | { reply: Reply }> {
  const m = messages(ctx.locale);
  let snapshot;
  try {
    snapshot = await ctx.services.directory.snapshot(ref);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return {
      reply: {
        card: ctx.services.cards.error({
          title: m.clusterReadErrorTitle,
          message: m.clusterReadError(ref.name, err.message),
          hint: err.hint ?? m.clusterReadHint,
          locale: ctx.locale,
        }),
      },
    };
  }
  const targets = target ? [target] : [...TARGETS];
  const reports = targets.map((t) => ctx.services.runPreflight(snapshot, t, podCidr ? { podCidr } : undefined));
  return { reports };
}
