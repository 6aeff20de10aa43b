// Expands the JSON templates in cards/templates with adaptivecards-templating and fails loudly on
// anything left unfilled. The only file of cards/ that reads from disk (its own templates).
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from './types.ts';

/** Names of the templates in cards/templates (one file each). */
export type TemplateName =
  | 'preflight'
  | 'help'
  | 'cluster-list'
  | 'choose-cluster'
  | 'error'
  | 'not-found'
  | 'approval'
  | 'decided'
  | 'refusal'
  | 'history'
  | 'progress'
  | 'final'
  | 'readiness'
  | 'plan';

/** Thrown when a template is missing or leaves a placeholder unfilled. */
export class CardTemplateError extends Error {
  override name = 'CardTemplateError';
}

/** The highest Adaptive Card schema version Teams renders everywhere. */
export const MAX_CARD_VERSION = '1.5';

const cache = new Map<TemplateName, unknown>();

function loadTemplate(name: TemplateName): unknown {
  const hit = cache.get(name);
  if (hit) return hit;
  const url = new URL(`./templates/${name}.json`, import.meta.url);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(url, 'utf8'));
  } catch (err) {
    throw new CardTemplateError(`card template "${name}" cannot be read: ${(err as Error).message}`);
  }
  cache.set(name, parsed);
  return parsed;
}

// Data values are inserted verbatim by the engine; a user's literal "${" must not look like a leak.
const ZERO_WIDTH_SPACE = '\u200b';
function neutralise(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('${', `$${ZERO_WIDTH_SPACE}{`);
  if (Array.isArray(value)) return value.map(neutralise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutralise(v)]));
  }
  return value;
}

// `$when` on a non-element object leaves `null` behind; drop those keys and array slots.
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/** Paths of every string in `value` that still holds a `${` placeholder. */
export function findPlaceholders(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return value.includes('${') ? [`${path}: ${value.slice(0, 80)}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findPlaceholders(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findPlaceholders(v, `${path}.${k}`));
  }
  return [];
}

/** Prepared templates by template object: `new Template()` parses every `${...}` expression (an
 * ANTLR parse each, the bulk of an expansion's work and garbage); a prepared template is meant to be
 * bound to different data again and again (adaptivecards-templating). Keyed weakly: an inline
 * template object goes with its prepared form. */
const prepared = new WeakMap<object, ACData.Template>();

function preparedTemplate(template: unknown): ACData.Template {
  if (!template || typeof template !== 'object') return new ACData.Template(template);
  let hit = prepared.get(template);
  if (!hit) {
    hit = new ACData.Template(template);
    prepared.set(template, hit);
  }
  return hit;
}

/** Expands a raw template object with `data`; throws CardTemplateError if any `${` survives. */
export function expandTemplate(template: unknown, data: object, label = 'inline'): AdaptiveCard {
  const expanded = dropNulls(preparedTemplate(template).expand({ $root: neutralise(data) }));
  const leaks = findPlaceholders(expanded);
  if (leaks.length > 0) {
    throw new CardTemplateError(`card "${label}" has unfilled placeholders: ${leaks.slice(0, 5).join('; ')}`);
  }
  const card = expanded as AdaptiveCard;
  if (card?.type !== 'AdaptiveCard') throw new CardTemplateError(`card "${label}" is not an AdaptiveCard`);
  // Sections switched off by `$when` leave empty lists; an absent list is the cleaner card.
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  if (card.msteams && Array.isArray(card.msteams.entities) && card.msteams.entities.length === 0) delete card.msteams.entities;
  return card;
}

/** Freezes `value` and everything in it (a cached card must not change under its next reader). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Cards already expanded, by template and data (JSON): the same help card, error card or preflight
 * card of a cluster is expanded once. Expansion parses every `${...}` expression again (the engine
 * keeps nothing), which made a `help` turn about 2x slower than a bare echo bot. Cached cards are
 * deeply frozen. */
const rendered = new Map<string, AdaptiveCard>();
const RENDERED_MAX = 256;

function cachedCard(name: TemplateName, data: object): AdaptiveCard {
  const key = `${name}\u0000${JSON.stringify(data)}`;
  let card = rendered.get(key);
  if (card) {
    rendered.delete(key);
  } else {
    card = deepFreeze(expandTemplate(loadTemplate(name), data, name));
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value as string);
  }
  rendered.set(key, card);
  return card;
}

/** Expands the named template in cards/templates with `data` (see expandTemplate); each call gets
 * its own copy, so a caller may change the card it got. */
export function renderTemplate(name: TemplateName, data: object): AdaptiveCard {
  return structuredClone(cachedCard(name, data));
}

/** renderTemplate without the copy: the cached card itself, deeply frozen (changing it throws), for
 * cards sent as they are on a hot path (the help card of every `help` turn: a copy of its ~10 KB
 * cost more than the rest of the turn's own work). */
export function renderSharedTemplate(name: TemplateName, data: object): Readonly<AdaptiveCard> {
  return cachedCard(name, data);
}
