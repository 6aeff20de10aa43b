// A small router table for ARM paths: literal segments match case-insensitively (ARM ignores
// case in paths), `:name` segments capture the URL-decoded segment as sent.

/** Captured path parameters. */
export type Params = Record<string, string>;

/** One route: method, pattern (e.g. `/subscriptions/:sub/resourceGroups/:rg`) and handler. */
export interface Route<H> {
  method: string;
  pattern: string;
  handler: H;
}

/** What matching a path found. */
export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: Params }
  | { kind: 'method-not-allowed' }
  | { kind: 'none' };

interface Compiled<H> extends Route<H> {
  parts: { literal?: string; param?: string }[];
}

/** A compiled route table. */
export class Router<H> {
  private readonly routes: Compiled<H>[];

  constructor(routes: Route<H>[]) {
    const seen = new Set<string>();
    this.routes = routes.map((r) => {
      const key = `${r.method} ${r.pattern.toLowerCase()}`;
      if (seen.has(key)) throw new Error(`duplicate route ${key}`);
      seen.add(key);
      const parts = r.pattern.split('/').filter(Boolean).map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s.toLowerCase() }));
      return { ...r, parts };
    });
  }

  /** Matches decoded path segments. */
  match(method: string, segments: string[]): RouteMatch<H> {
    let pathMatched = false;
    for (const r of this.routes) {
      if (r.parts.length !== segments.length) continue;
      const params: Params = {};
      const ok = r.parts.every((p, i) => {
        if (p.param) {
          params[p.param] = segments[i];
          return segments[i].length > 0;
        }
        return p.literal === segments[i].toLowerCase();
      });
      if (!ok) continue;
      if (r.method === method) return { kind: 'found', handler: r.handler, params };
      pathMatched = true;
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'none' };
  }
}
