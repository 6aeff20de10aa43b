// What a user typed to name a cluster: `name`, `rg/name` or a full resource id, with -g / -s, and the
// closest known names when it matches none.
import { distance } from 'fastest-levenshtein';
import { UserError } from '../cluster/errors.ts';
import { parseResourceId } from '../cluster/resource-id.ts';

/** What a user typed to name a cluster. */
export type ClusterQuery = { name: string; resourceGroup?: string; subscriptionId?: string };

/** Parses `name`, `rg/name` or a full managed cluster resource id; `-g`/`-s` fill what the text lacks. */
export function parseClusterQuery(text: string, opts: { resourceGroup?: string; subscriptionId?: string } = {}): ClusterQuery {
  const t = text.trim();
  let q: ClusterQuery;
  if (t.startsWith('/')) {
    const parts = parseResourceId(t);
    if (!parts || parts.types.length !== 1 || parts.types[0].toLowerCase() !== 'managedclusters'
      || parts.provider?.toLowerCase() !== 'microsoft.containerservice') {
      throw new UserError('InvalidClusterId', `not a managed cluster resource id: "${t}"`,
        'Use /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/NAME, RG/NAME or NAME.');
    }
    q = { name: parts.names[0], resourceGroup: parts.resourceGroup, subscriptionId: parts.subscriptionId };
  } else {
    const pieces = t.split('/');
    if (pieces.length > 2 || pieces.some((p) => p.length === 0)) {
      throw new UserError('InvalidClusterName', `not a cluster name: "${t}"`, 'Use NAME, RG/NAME or a full resource id.');
    }
    q = pieces.length === 2 ? { name: pieces[1], resourceGroup: pieces[0] } : { name: pieces[0] };
  }
  for (const key of ['resourceGroup', 'subscriptionId'] as const) {
    const given = opts[key];
    if (!given) continue;
    if (q[key] && q[key]!.toLowerCase() !== given.toLowerCase()) {
      throw new UserError('ConflictingClusterQuery', `"${t}" names ${key} ${q[key]} but ${given} was also given`,
        'Give the resource group and subscription once.');
    }
    q[key] = q[key] ?? given;
  }
  return q;
}

/** The closest cluster names to `name` (edit distance), best first, at most `max`. */
export function closestNames(name: string, candidates: string[], max = 3): string[] {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  const unique = [...new Set(candidates)];
  return unique
    .map((c) => ({ c, d: Math.min(distance(target, c.toLowerCase()), c.toLowerCase().includes(target) || target.includes(c.toLowerCase()) ? 1 : Infinity) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

