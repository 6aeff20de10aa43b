// Every string in a card, joined: what a reader could see, plus ids. Shared by HTTP and e2e tests.

/** All text of a card (TextBlock, FactSet, actions, ids), joined by newlines, for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}
