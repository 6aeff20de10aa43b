// The chat layer's view of the chat catalogue (i18n/chat-en.ts, i18n/chat-ja.ts): typed methods that
// name each ICU parameter, rendered through i18n/render.ts; plus the rule that picks the reply language.
import { chatEn, type ChatTextId } from '../../i18n/chat-en.ts';
import { chatJa } from '../../i18n/chat-ja.ts';
import { translator, type Translate } from '../../i18n/render.ts';
import { renderAzureFailure } from '../../i18n/azure-failure.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

/** Languages the bot replies in. */
export type Locale = 'en' | 'ja';

/** The chat catalogues by locale; both hold exactly the same ids (type + test). */
export const CHAT_CATALOGUES = { en: chatEn, ja: chatJa } as const;

function view(lang: Locale): Messages {
  const t: Translate<ChatTextId> = translator(CHAT_CATALOGUES, lang);
  return {
    turnError: (id) => t('turnError', { id }),
    errorTitle: t('errorTitle'),
    clusterReadErrorTitle: t('clusterReadErrorTitle'),
    clusterReadError: (name, reason) => t('clusterReadError', { name, reason }),
    clusterReadHint: t('clusterReadHint'),
    needCluster: t('needCluster'),
    noClusters: t('noClusters'),
    statusNothingYet: t('statusNothingYet'),
    historyNothingYet: (cluster) => t('historyNothingYet', { cluster: cluster || 'none' }),
    cancelNothingPending: (cluster) => t('cancelNothingPending', { cluster: cluster || 'none' }),
    upgradeApprovalLater: t('upgradeApprovalLater'),
    subscribed: t('subscribed'),
    unsubscribed: t('unsubscribed'),
    notSubscribed: t('notSubscribed'),
    channelOnly: t('channelOnly'),
    languagePinned: t('languagePinned'),
    languageUnpinned: t('languageUnpinned'),
    languageCurrent: (pinned) => t('languageCurrent', { pinned: pinned ?? 'none' }),
    languageUnknown: (given) => t('languageUnknown', { given }),
    languageNotStored: t('languageNotStored'),
    choiceExpired: t('choiceExpired'),
    chooseClusterQuery: (name) => t('chooseClusterQuery', { name }),
    actionUnknown: t('actionUnknown'),
    demoExamples: [t('demoExample.1'), t('demoExample.2'), t('demoExample.3')],
    progressPoolDone: (pool, cluster, done, total) => t('progressPoolDone', { pool, cluster, done, total }),
    progressFinalText: (outcome, cluster, target, duration) => t('progressFinalText', { outcome, cluster, target, duration }),
    progressProfileChange: (changes) => t('progressProfileChange', { changes }),
    progressNextStep: (text) => t('progressNextStep', { text }),
    progressDryRun: t('progressDryRun'),
    progressStalled: (cluster, minutes, draining) => t('progressStalled', { cluster, minutes, draining: draining || 'none' }),
    progressStalledPdbs: (pdbs) => t('progressStalledPdbs', { pdbs }),
    progressStalledNoPdb: t('progressStalledNoPdb'),
    progressStalledPdbUnreadable: t('progressStalledPdbUnreadable'),
    outcomeDryRunNext: t('outcomeDryRunNext'),
    outcomeOverlayNext: (cluster) => t('outcomeOverlayNext', { cluster }),
    outcomeCiliumNext: (cluster) => t('outcomeCiliumNext', { cluster }),
    outcomeNothingFurther: (cluster) => t('outcomeNothingFurther', { cluster }),
    outcomePdbFriendly: (pdb) => t('outcomePdbFriendly', { pdb: pdb ?? 'none' }),
    outcomePdbNext: (pdb, command) => t('outcomePdbNext', pdb && command ? { pdb, command } : { pdb: 'none', command: '' }),
    outcomeServiceText: (text) => t('outcomeServiceText', { text }),
    noticeStarted: (cluster, target, where) => t('noticeStarted', { cluster, target, where }),
    noticeFinished: (outcome, cluster, target, where) => t('noticeFinished', { outcome, cluster, target, where }),
    noticeThreadLink: (url) => t('noticeThreadLink', { url }),
    noticeThreadNamed: (name) => t('noticeThreadNamed', { name }),
    statusRunning: (cluster, target, percent) => t('statusRunning', { cluster, target, percent }),
    statusLastOutcome: (cluster, target, outcome, at) => t('statusLastOutcome', { cluster, target, outcome, at }),
    statusNoneFor: (cluster) => t('statusNoneFor', { cluster }),
    azureFailureTitle: (f) => renderAzureFailure(f, lang).title,
    azureFailureMessage: (f) => renderAzureFailure(f, lang).message,
    azureFailureHint: (f) => renderAzureFailure(f, lang).hint,
  };
}

const VIEWS: Readonly<Record<Locale, Messages>> = { en: view('en'), ja: view('ja') };

/** Every catalogue view, by locale. */
export const MESSAGES: Readonly<Record<Locale, Messages>> = VIEWS;

/** The catalogue of a locale. */
export function messages(locale: Locale): Messages {
  return VIEWS[locale];
}

/**
 * The reply language: the user's pinned language (`language ja`) wins; else the message's language
 * when it is clearly Japanese or English (`clearLanguage`); else Japanese when the client's locale
 * starts with `ja`, English otherwise.
 */
export function replyLocale(textLanguage: Locale | undefined, activityLocale: string | undefined, pinned?: Locale): Locale {
  if (pinned) return pinned;
  if (textLanguage) return textLanguage;
  return typeof activityLocale === 'string' && activityLocale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** A stored pin as a locale; anything else (absent, damaged) is no pin. */
export function asLocale(value: unknown): Locale | undefined {
  return value === 'en' || value === 'ja' ? value : undefined;
}
