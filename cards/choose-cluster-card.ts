// The choose-a-cluster card: one Action.Execute per candidate carrying only an opaque choice token.
import { escapeMarkdown } from './format.ts';
import { cardText } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Locale } from './types.ts';

/** A cluster that matches an ambiguous name. */
export interface ClusterCandidate {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  /** Opaque token the bot resolves server-side (an index or id token); sent back as `data.choice`. */
  id: string;
}

/** Input of buildChooseClusterCard. */
export interface ChooseClusterCardData {
  query: string;
  candidates: ClusterCandidate[];
  /** The message that was ambiguous, shown so the user knows what will continue. */
  originalText: string;
  locale: Locale;
}

/** The verb of the choose-a-cluster buttons. */
export const CHOOSE_CLUSTER_VERB = 'chooseCluster';

const MAX_CANDIDATES = 6;

/** Builds the card; each button is `Action.Execute` verb `chooseCluster`, `data: { choice }` only. */
export function buildChooseClusterCard(data: ChooseClusterCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const candidates = data.candidates.slice(0, MAX_CANDIDATES);
  return renderTemplate('choose-cluster', {
    title: t('chooseTitle', { query: escapeMarkdown(data.query) }),
    intro: t('chooseIntro', { text: escapeMarkdown(data.originalText.slice(0, 200)) }),
    candidates: candidates.map((c) => ({
      name: c.name,
      location: `${c.resourceGroup} · ${c.subscriptionId}`,
      button: t('chooseButton', { name: c.name, resourceGroup: c.resourceGroup }),
      choice: c.id,
    })),
  });
}
