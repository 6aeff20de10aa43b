// What the chat layer needs from the rest of NetPilot, as small interfaces (style.md 10). The
// composition root (bot/index.ts) wires the real services and cards; tests may pass fakes.
import type { NetPilotConfig } from '../services/config.ts';
import type { ClusterSnapshot, Target } from '../services/cluster/types.ts';
import type { PreflightOptions, PreflightReport } from '../services/preflight/types.ts';
import type { ConversationStore } from '../services/store/types.ts';
import type { AdaptiveCard, Locale } from '../cards/types.ts';
import type { ClusterListItem } from '../cards/cluster-list-card.ts';
import type { ClusterDirectory, ClusterRef } from '../services/azure/cluster-directory.ts';

/** The part of the configuration the bot reads. */
export type BotConfig = Pick<NetPilotConfig, 'bot' | 'allowedTenants'>;

export type { ClusterDirectory, ClusterRef, ClusterSummary } from '../services/azure/cluster-directory.ts';

/** Card builders (cards/) the handlers use; every one returns Adaptive Card JSON. */
export interface CardKit {
  preflight(data: { reports: PreflightReport[]; locale: Locale }): AdaptiveCard;
  help(data: {
    commands: { title: string; description: string; examples: string[] }[];
    closestExamples?: string[];
    unknownText?: string;
    locale: Locale;
  }): AdaptiveCard;
  clusterList(data: { clusters: ClusterListItem[]; locale: Locale }): AdaptiveCard;
  chooseCluster(data: { query: string; candidates: ClusterRef[]; originalText: string; locale: Locale }): AdaptiveCard;
  error(data: { title: string; message: string; hint?: string; correlationId?: string; locale: Locale }): AdaptiveCard;
  notFound(data: { query: string; suggestions: string[]; locale: Locale }): AdaptiveCard;
}

/** Everything the bot's handlers call. */
export interface BotServices {
  directory: ClusterDirectory;
  runPreflight(snapshot: ClusterSnapshot, target: Target, options?: PreflightOptions): PreflightReport;
  conversations: ConversationStore;
  cards: CardKit;
}
