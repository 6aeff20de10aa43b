// An Azure failure (services/azure/failures.ts: reason + facts) in words, from the chat catalogue's
// `azure.*` ids; shared by the chat layer and the CLI.
import type { AzureFailureFacts } from '../services/azure/failures.ts';
import { chatEn } from './chat-en.ts';
import { chatJa } from './chat-ja.ts';
import { translator, type Lang } from './render.ts';

const CATALOGUES = { en: chatEn, ja: chatJa } as const;

const REASONS = new Set<string>(['out-of-scope', 'subscription-not-found', 'invalid-subscription', 'forbidden', 'unauthenticated',
  'not-found', 'throttled', 'timeout', 'unreachable', 'azure-error']);

/** Title, message and hint of an Azure failure in `lang`; a reason the catalogue does not know reads as a generic Azure error. */
export function renderAzureFailure(f: AzureFailureFacts, lang: Lang): { title: string; message: string; hint: string } {
  const t = translator(CATALOGUES, lang);
  const sub = f.subscriptionId ? t('sub.some', { subscriptionId: f.subscriptionId }) : t('sub.none');
  const allowed = f.allowedSubscriptions && f.allowedSubscriptions.length > 0 ? f.allowedSubscriptions.join(', ') : t('azure.none');
  const reason = REASONS.has(f.reason) ? f.reason : 'azure-error';
  const params = { sub, allowed, subscriptionId: f.subscriptionId ?? 'none', seconds: f.retryAfterSeconds ?? 60, status: f.status ? String(f.status) : 'none' };
  return {
    title: t(`azure.${reason}.title`, params),
    message: t(`azure.${reason}.message`, params),
    hint: t(`azure.${reason}.hint`, params),
  };
}
