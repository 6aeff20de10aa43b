// Microsoft.Network reads of the ARM emulator: virtual networks (subnets and peerings inline), their
// subnets and peerings, route tables; by subscription and by resource group.
import { armError, notFound, type ArmContext, type ArmHandler, type ArmRequest, type ArmResponse } from './arm-types.ts';
import type { Json } from './json.ts';
import { parseArmId } from './fleet.ts';
import type { Route } from './router.ts';

/** Every VNet of the fleet, once. */
export function allVnets(ctx: ArmContext): Json[] {
  const seen = new Map<string, Json>();
  for (const c of ctx.state.clusters.values()) for (const v of c.virtualNetworks) seen.set(String(v.id).toLowerCase(), v);
  return [...seen.values()];
}

function allRouteTables(ctx: ArmContext): Json[] {
  const seen = new Map<string, Json>();
  for (const c of ctx.state.clusters.values()) for (const t of c.routeTables) seen.set(String(t.id).toLowerCase(), t);
  return [...seen.values()];
}

/** True when an ARM id lies in the subscription (and resource group). */
export function inScope(id: unknown, sub: string, rg?: string): boolean {
  const parts = parseArmId(String(id));
  if (!parts || parts.subscriptionId.toLowerCase() !== sub.toLowerCase()) return false;
  return rg === undefined || parts.resourceGroup.toLowerCase() === rg.toLowerCase();
}

function nameOf(r: Json): string {
  return String(r.name ?? parseArmId(String(r.id))?.names[0]).toLowerCase();
}

type Pager = (req: ArmRequest, ctx: ArmContext, items: unknown[]) => ArmResponse;

function vnetIn(ctx: ArmContext, sub: string, rg: string, name: string): Json | undefined {
  return allVnets(ctx).filter((v) => inScope(v.id, sub, rg)).find((v) => nameOf(v) === name.toLowerCase());
}

/** The Microsoft.Network routes; `page` pages list answers. */
export function networkRoutes(page: Pager): Route<ArmHandler>[] {
  const RG = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Network';
  const vnetOr404 = (ctx: ArmContext, p: Record<string, string>): Json | ArmResponse =>
    vnetIn(ctx, p.sub, p.rg, p.vnet) ?? notFound('Microsoft.Network/virtualNetworks', p.vnet, p.rg);
  const isResponse = (v: Json | ArmResponse): v is ArmResponse => typeof (v as ArmResponse).status === 'number';
  const subnetsOf = (v: Json) => ((v.properties as Json).subnets as Json[] | undefined) ?? [];
  const peeringsOf = (v: Json) => ((v.properties as Json).virtualNetworkPeerings as Json[] | undefined) ?? [];
  return [
    { method: 'GET', pattern: '/subscriptions/:sub/providers/Microsoft.Network/virtualNetworks',
      handler: (req, ctx, p) => page(req, ctx, allVnets(ctx).filter((v) => inScope(v.id, p.sub))) },
    { method: 'GET', pattern: '/subscriptions/:sub/providers/Microsoft.Network/routeTables',
      handler: (req, ctx, p) => page(req, ctx, allRouteTables(ctx).filter((v) => inScope(v.id, p.sub))) },
    { method: 'GET', pattern: `${RG}/virtualNetworks`,
      handler: (req, ctx, p) => page(req, ctx, allVnets(ctx).filter((v) => inScope(v.id, p.sub, p.rg))) },
    { method: 'GET', pattern: `${RG}/virtualNetworks/:vnet`, handler: (_req, ctx, p) => {
      const v = vnetOr404(ctx, p);
      return isResponse(v) ? v : { status: 200, body: structuredClone(v) };
    } },
    { method: 'GET', pattern: `${RG}/virtualNetworks/:vnet/subnets`, handler: (req, ctx, p) => {
      const v = vnetOr404(ctx, p);
      return isResponse(v) ? v : page(req, ctx, structuredClone(subnetsOf(v)));
    } },
    { method: 'GET', pattern: `${RG}/virtualNetworks/:vnet/subnets/:subnet`, handler: (_req, ctx, p) => {
      const v = vnetOr404(ctx, p);
      if (isResponse(v)) return v;
      const s = subnetsOf(v).find((x) => String(x.name).toLowerCase() === p.subnet.toLowerCase());
      if (s) return { status: 200, body: structuredClone(s) };
      return armError(404, 'NotFound', `Resource /subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/Microsoft.Network/virtualNetworks/${p.vnet}/subnets/${p.subnet} not found.`);
    } },
    { method: 'GET', pattern: `${RG}/virtualNetworks/:vnet/virtualNetworkPeerings`, handler: (req, ctx, p) => {
      const v = vnetOr404(ctx, p);
      return isResponse(v) ? v : page(req, ctx, structuredClone(peeringsOf(v)));
    } },
    { method: 'GET', pattern: `${RG}/virtualNetworks/:vnet/virtualNetworkPeerings/:peering`, handler: (_req, ctx, p) => {
      const v = vnetOr404(ctx, p);
      if (isResponse(v)) return v;
      const found = peeringsOf(v).find((x) => String(x.name).toLowerCase() === p.peering.toLowerCase());
      return found ? { status: 200, body: structuredClone(found) } : armError(404, 'NotFound', `Peering ${p.peering} not found.`);
    } },
    { method: 'GET', pattern: `${RG}/routeTables`,
      handler: (req, ctx, p) => page(req, ctx, allRouteTables(ctx).filter((t) => inScope(t.id, p.sub, p.rg))) },
    { method: 'GET', pattern: `${RG}/routeTables/:table`, handler: (_req, ctx, p) => {
      const t = allRouteTables(ctx).filter((x) => inScope(x.id, p.sub, p.rg)).find((x) => nameOf(x) === p.table.toLowerCase());
      return t ? { status: 200, body: structuredClone(t) } : notFound('Microsoft.Network/routeTables', p.table, p.rg);
    } },
  ];
}
