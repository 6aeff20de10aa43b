// Validates card JSON with the adaptivecards package's own parser (no DOM needed), plus the few
// rules NetPilot relies on that the parser does not check.
import * as AC from 'adaptivecards';
import { findPlaceholders, MAX_CARD_VERSION } from './template.ts';

function versionNumber(v: unknown): number {
  const m = /^(\d+)\.(\d+)$/.exec(String(v));
  return m ? Number(m[1]) * 100 + Number(m[2]) : Number.NaN;
}

function collectIds(value: unknown, ids: Set<string>, toggles: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, ids, toggles);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (typeof obj.id === 'string') ids.add(obj.id);
  if (obj.type === 'Action.ToggleVisibility' && Array.isArray(obj.targetElements)) {
    for (const t of obj.targetElements) toggles.push(typeof t === 'string' ? t : String((t as { elementId?: string }).elementId));
  }
  for (const v of Object.values(obj)) collectIds(v, ids, toggles);
}

/** Every problem found in `card`; an empty list means Teams-ready as far as the parser can tell. */
export function validateCard(card: unknown): string[] {
  const problems: string[] = [];
  if (!card || typeof card !== 'object' || (card as { type?: unknown }).type !== 'AdaptiveCard') {
    return ['not an AdaptiveCard object'];
  }
  const json = card as Record<string, unknown>;
  const version = versionNumber(json.version);
  if (!(version <= versionNumber(MAX_CARD_VERSION))) problems.push(`version "${String(json.version)}" is not <= ${MAX_CARD_VERSION}`);

  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }

  const ids = new Set<string>();
  const toggles: string[] = [];
  collectIds(json.body, ids, toggles);
  collectIds(json.actions, ids, toggles);
  for (const t of toggles) if (!ids.has(t)) problems.push(`ToggleVisibility targets unknown element "${t}"`);
  for (const leak of findPlaceholders(json)) problems.push(`unfilled placeholder at ${leak}`);
  return problems;
}
