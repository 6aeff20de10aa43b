// Walks card JSON for assertions: every element/action object, and the text a user can see.

/** Every object in the card (elements, actions, columns, facts...). */
export function allObjects(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const v of value) allObjects(v, out);
  } else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) allObjects(v, out);
  }
  return out;
}

/** Objects of one Adaptive Card `type`. */
export function ofType(card: unknown, type: string): Record<string, unknown>[] {
  return allObjects(card).filter((o) => o.type === type);
}

/** All visible text: TextBlock texts, fact titles/values, action and input titles and labels. */
export function visibleText(card: unknown): string {
  const parts: string[] = [];
  for (const o of allObjects(card)) {
    if (o.type === 'TextBlock' && typeof o.text === 'string') parts.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string' && !o.type) parts.push(o.title, o.value);
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') parts.push(o.title);
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) {
      for (const k of ['label', 'title', 'placeholder']) if (typeof o[k] === 'string') parts.push(o[k] as string);
    }
  }
  return parts.join('\n');
}

/** Size of the card as sent (UTF-8 JSON bytes). */
export function jsonBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
