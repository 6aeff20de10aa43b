// Azure resource id helpers. Ids compare case-insensitively (Azure's rule).

/** Parts of an ARM resource id; `undefined` when the id is not one. */
export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  provider?: string;
  /** Type path below the provider, e.g. `virtualNetworks/subnets`. */
  types: string[];
  /** Names matching `types`, e.g. `['vnet1', 'subnet1']`. */
  names: string[];
}

/** Parses `/subscriptions/S/resourceGroups/G/providers/P/T1/N1[/T2/N2...]`. */
export function parseResourceId(id: string): ResourceIdParts | undefined {
  const seg = id.split('/').filter((s) => s.length > 0);
  if (seg.length < 4 || seg[0].toLowerCase() !== 'subscriptions' || seg[2].toLowerCase() !== 'resourcegroups') {
    return undefined;
  }
  const parts: ResourceIdParts = { subscriptionId: seg[1], resourceGroup: seg[3], types: [], names: [] };
  if (seg.length >= 5) {
    if (seg[4].toLowerCase() !== 'providers' || seg.length < 6) return undefined;
    parts.provider = seg[5];
    const rest = seg.slice(6);
    if (rest.length % 2 !== 0) return undefined;
    for (let i = 0; i < rest.length; i += 2) {
      parts.types.push(rest[i]);
      parts.names.push(rest[i + 1]);
    }
  }
  return parts;
}

/** True when both ids name the same resource (case-insensitive, ignoring a trailing slash). */
export function sameResourceId(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

/** The id of the parent VNet of a subnet id, or `undefined` if it is not a subnet id. */
export function vnetIdOfSubnet(subnetId: string): string | undefined {
  const m = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+\/?$/i.exec(subnetId);
  return m ? m[1] : undefined;
}

/** Case-insensitive resource group equality. */
export function sameResourceGroup(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
