// What the request's thread hears when the runner refused the PUT (412/409/429/other): the reason in
// the thread's language (with a fresh preflight card after a 412), then the card shows the request
// as failed.
import { toAttachment, type AdaptiveCard } from '../../cards/types.ts';
import type { ApprovalService } from '../../services/approval/service.ts';
import type { ApprovalRequest } from '../../services/approval/types.ts';
import type { PreflightRunner } from '../../services/approval/live-preflight.ts';
import type { ClusterDirectory } from '../../services/azure/cluster-directory.ts';
import { UserError } from '../../services/cluster/errors.ts';
import type { RunResult } from '../../services/migration/runner.ts';
import { approvalMessages } from '../i18n/approval.ts';
import { messages } from '../i18n/index.ts';
import type { CardKit } from '../ports.ts';
import { renderFriendlyError } from '../../i18n/errors.ts';
import type { ApprovalCards } from './approval-cards.ts';
import { readThread } from './thread.ts';

/** What reporting a refusal needs. */
export interface RefusalReportDeps {
  service: ApprovalService;
  cards: CardKit;
  directory: Pick<ClusterDirectory, 'snapshot'>;
  runPreflight: PreflightRunner;
  posts: ApprovalCards;
}

/** Says in the request's thread why the runner refused to start, and syncs its card. */
export async function reportRefusal(deps: RefusalReportDeps, request: ApprovalRequest,
  result: Extract<RunResult, { status: 'refused' }>): Promise<void> {
  const current = deps.service.get(request.id) ?? request;
  const thread = readThread(current);
  if (!thread) return;
  const m = approvalMessages(thread.locale);
  const name = current.cluster.name;
  const e = result.error;
  const said = renderFriendlyError(e, thread.locale);
  let text: string;
  let card: AdaptiveCard | undefined;
  switch (result.code) {
    case 'not-approved': return;
    case 'cluster-changed': {
      text = m.startClusterChanged(name);
      try {
        const snapshot = await deps.directory.snapshot(current.cluster, { fresh: true });
        const report = deps.runPreflight(snapshot, current.target, current.podCidr ? { podCidr: current.podCidr } : undefined);
        card = deps.cards.preflight({ reports: [report], locale: thread.locale });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        text = `${text} ${messages(thread.locale).clusterReadError(name, err.message)}`;
      }
      break;
    }
    case 'busy': text = m.startBusy(name, said.friendly, said.nextStep); break;
    case 'throttled': text = m.startThrottled(name, said.friendly, said.nextStep); break;
    default: text = m.startError(name, said.friendly, said.nextStep);
  }
  if (current.dryRun) text = `${text} ${m.dryRunNothingSent}`;
  await deps.posts.send(thread, { type: 'message', text, ...(card ? { attachments: [toAttachment(card)] } : {}) });
  await deps.posts.syncCard(current);
}
