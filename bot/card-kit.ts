// The real card builders (cards/) behind the CardKit port the handlers use.
import { buildApprovalCard, buildDecidedCard, buildRefusalCard } from '../cards/approval-card.ts';
import { buildChooseClusterCard } from '../cards/choose-cluster-card.ts';
import { buildClusterListCard } from '../cards/cluster-list-card.ts';
import { buildErrorCard, buildNotFoundCard } from '../cards/error-card.ts';
import { buildHelpCard } from '../cards/help-card.ts';
import { buildHistoryCard } from '../cards/history-card.ts';
import { buildPreflightCard } from '../cards/preflight-card.ts';
import type { AdaptiveCard } from '../cards/types.ts';
import type { ApprovalCardInput, CardKit } from './ports.ts';

/** The approval card in the requested view (the card catalogue owns every text). */
export function approvalCard(data: ApprovalCardInput): AdaptiveCard {
  return buildApprovalCard(data);
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
