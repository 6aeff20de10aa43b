// The cluster list card: each cluster with its network mode, data plane, policy engine and version.
import { firstOf, moreText } from './format.ts';
import { cardText } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Locale } from './types.ts';

/** One row of the cluster list. */
export interface ClusterListItem {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  mode: string;
  dataplane: string;
  networkPolicy: string;
  kubernetesVersion: string | null;
  provisioningState?: string;
}

/** Input of buildClusterListCard. */
export interface ClusterListCardData {
  clusters: ClusterListItem[];
  locale: Locale;
}

const MAX_ROWS = 100;

/** Builds the cluster list card (at most 100 rows, then "…and K more"). */
export function buildClusterListCard(data: ClusterListCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const { shown, more } = firstOf(data.clusters, MAX_ROWS);
  return renderTemplate('cluster-list', {
    title: t('listTitle', { count: data.clusters.length }),
    empty: data.clusters.length === 0 ? t('listEmpty') : '',
    clusters: shown.map((c) => ({
      name: c.name,
      location: `${c.resourceGroup} · ${c.subscriptionId}`,
      state: c.provisioningState && c.provisioningState !== 'Succeeded' ? c.provisioningState : '',
      stateColor: c.provisioningState === 'Failed' ? 'Attention' : 'Warning',
      facts: t('listRowFacts', {
        mode: c.mode,
        dataplane: c.dataplane,
        policy: c.networkPolicy || t('none'),
        kubernetes: c.kubernetesVersion ?? t('unknown'),
      }),
    })),
    more: moreText(more, t),
  });
}
