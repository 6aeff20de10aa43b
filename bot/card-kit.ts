// The real card builders (cards/) behind the CardKit port the handlers use.
import { buildChooseClusterCard } from '../cards/choose-cluster-card.ts';
import { buildClusterListCard } from '../cards/cluster-list-card.ts';
import { buildErrorCard, buildNotFoundCard } from '../cards/error-card.ts';
import { buildHelpCard } from '../cards/help-card.ts';
import { buildPreflightCard } from '../cards/preflight-card.ts';
import type { CardKit } from './ports.ts';

/** CardKit over the cards/ builders. */
export const CARD_KIT: CardKit = {
  preflight: (data) => buildPreflightCard(data),
  help: (data) => buildHelpCard(data),
  clusterList: (data) => buildClusterListCard(data),
  chooseCluster: (data) => buildChooseClusterCard(data),
  error: (data) => buildErrorCard(data),
  notFound: (data) => buildNotFoundCard(data),
};
