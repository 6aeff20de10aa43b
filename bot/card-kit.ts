// The real card builders (cards/) behind the CardKit port the handlers use.
import { APPROVAL_VERBS, buildApprovalCard, buildDecidedCard, buildRefusalCard } from '../cards/approval-card.ts';
import { buildChooseClusterCard } from '../cards/choose-cluster-card.ts';
import { buildClusterListCard } from '../cards/cluster-list-card.ts';
import { buildErrorCard, buildNotFoundCard } from '../cards/error-card.ts';
import { buildHelpCard } from '../cards/help-card.ts';
import { buildHistoryCard } from '../cards/history-card.ts';
import { buildPreflightCard } from '../cards/preflight-card.ts';
import { catalogue } from '../cards/strings/index.ts';
import type { AdaptiveCard } from '../cards/types.ts';
import type { ApprovalCardInput, CardKit } from './ports.ts';

/** Replaces the text of the approvers line (found by its rendered text); throws when it is missing. */
function replaceApproversLine(card: AdaptiveCard, from: string, to: string): AdaptiveCard {
  let found = false;
  const body = card.body.map((el) => {
    if (el.type === 'TextBlock' && el.text === from) {
      found = true;
      return { ...el, text: to, color: 'Attention', weight: 'Bolder' };
    }
    return el;
  });
  if (!found) throw new Error('approval card: approvers line not found');
  return { ...card, body };
}

/** The approval card in one of three views (see `ApprovalCardInput`). */
export function approvalCard(data: ApprovalCardInput): AdaptiveCard {
  const { view, approversNote, openControlsTitle, ...rest } = data;
  const actionable = buildApprovalCard({ ...rest, view: 'actionable' });
  const readonly = buildApprovalCard({ ...rest, view: 'readonly' });
  let card = view === 'actionable' ? actionable : readonly;
  // With no approvers to mention the line is exactly the catalogue's "no approvers" text.
  if (approversNote && rest.approverMentions.length === 0) {
    card = replaceApproversLine(card, catalogue(rest.locale).approvalNoApprovers, approversNote);
  }
  if (view !== 'posted' || approversNote) return card;
  // Posted for everyone: read-only, with a refresh to the clicker's own view (auto for refreshUserIds).
  const refreshAction = { type: 'Action.Execute', verb: APPROVAL_VERBS.refresh, data: { requestId: rest.request.id } };
  const userIds = (rest.refreshUserIds ?? []).slice(0, 60);
  return {
    ...card,
    refresh: userIds.length > 0 ? { action: refreshAction, userIds } : { action: refreshAction },
    actions: [{ ...refreshAction, title: openControlsTitle ?? 'Open' }],
  };
}

/** CardKit over the cards/ builders. */
export const CARD_KIT: CardKit = {
  preflight: (data) => buildPreflightCard(data),
  help: (data) => buildHelpCard(data),
  clusterList: (data) => buildClusterListCard(data),
  chooseCluster: (data) => buildChooseClusterCard(data),
  error: (data) => buildErrorCard(data),
  notFound: (data) => buildNotFoundCard(data),
  approval: (data) => approvalCard(data),
  decided: (data) => buildDecidedCard(data),
  refusal: (data) => buildRefusalCard(data),
  history: (data) => buildHistoryCard(data),
};
