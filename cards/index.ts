// The cards layer's public face: typed builders returning Adaptive Card JSON, plus helpers.
export { toAttachment, type AdaptiveCard, type CardAttachment, type Locale, type Instant } from './types.ts';
export { CardTemplateError, renderTemplate, expandTemplate, findPlaceholders, MAX_CARD_VERSION } from './template.ts';
export { validateCard } from './validate.ts';
export { cardText, CARD_CATALOGUES, type CardText, type CardTextId } from './strings/index.ts';
export { buildPreflightCard, CARD_SIZE_LIMIT_BYTES, type PreflightCardData } from './preflight-card.ts';
export { buildHelpCard, type HelpCardData, type HelpCommand } from './help-card.ts';
export { buildClusterListCard, type ClusterListCardData, type ClusterListItem } from './cluster-list-card.ts';
export { buildChooseClusterCard, CHOOSE_CLUSTER_VERB, type ChooseClusterCardData, type ClusterCandidate } from './choose-cluster-card.ts';
export { buildErrorCard, buildNotFoundCard, type ErrorCardData, type NotFoundCardData } from './error-card.ts';
export {
  buildApprovalCard,
  buildDecidedCard,
  buildRefusalCard,
  mentionText,
  APPROVAL_VERBS,
  type ApprovalCardData,
  type ApprovalCardView,
  type ApprovalPool,
  type ApprovalRequestView,
  type DecidedCardData,
  type Decision,
  type RefusalCardData,
  type RefusalCode,
} from './approval-card.ts';
export { buildHistoryCard, type HistoryCardData, type HistoryEntry } from './history-card.ts';
export {
  buildProgressCard,
  buildFinalCard,
  poolBar,
  type FinalCardData,
  type Outcome,
  type PoolProgress,
  type ProgressCardData,
  type ProgressState,
} from './progress-card.ts';
