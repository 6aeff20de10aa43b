// Every card the bot can send, built with demo data: what `npm run cards:render` draws and the tests check.
import { buildApprovalCard, buildDecidedCard, buildRefusalCard } from '../approval-card.ts';
import { buildChooseClusterCard } from '../choose-cluster-card.ts';
import { buildClusterListCard } from '../cluster-list-card.ts';
import { buildErrorCard, buildNotFoundCard } from '../error-card.ts';
import { buildHelpCard } from '../help-card.ts';
import { buildHistoryCard } from '../history-card.ts';
import { buildPlanCard } from '../plan-card.ts';
import { buildPreflightCard } from '../preflight-card.ts';
import { buildFinalCard, buildProgressCard } from '../progress-card.ts';
import type { AdaptiveCard, Locale } from '../types.ts';
import * as demo from './demo-data.ts';
import { demoPlan, demoPlanBlocked } from './demo-plan.ts';

/** Demo cards by name (the name is also the PNG file name). */
export function demoCards(locale: Locale): Record<string, AdaptiveCard> {
  const helpCommands = locale === 'ja' ? demo.demoHelpCommandsJa : demo.demoHelpCommands;
  return {
    preflight: buildPreflightCard({ reports: [demo.kubenetOverlayReady, demo.kubenetCiliumBlocked], locale }),
    'preflight-legacy': buildPreflightCard({ reports: [demo.legacyOverlayBlocked, demo.legacyCiliumBlocked], locale }),
    'preflight-not-needed': buildPreflightCard({ reports: [demo.ciliumNotNeeded], locale }),
    'preflight-incomplete': buildPreflightCard({ reports: [demo.overlayIncomplete], locale }),
    help: buildHelpCard({ commands: helpCommands, locale }),
    'help-unknown': buildHelpCard({
      commands: helpCommands,
      unknownText: locale === 'ja' ? 'aks-legcy をチェク' : 'chek aks-legcy plz',
      closestExamples: locale === 'ja' ? ['aks-legacy をチェック', 'aks-legacy はオーバーレイに移行できますか'] : ['check aks-legacy', 'preflight aks-legacy for overlay'],
      locale,
    }),
    'cluster-list': buildClusterListCard({ clusters: demo.demoClusters, locale }),
    'choose-cluster': buildChooseClusterCard({
      query: 'aks-legacy',
      originalText: 'check aks-legacy',
      candidates: [
        { name: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: demo.DEMO_SUBSCRIPTION, id: 'c0' },
        { name: 'aks-legacy', resourceGroup: 'rg-staging', subscriptionId: demo.DEMO_SUBSCRIPTION, id: 'c1' },
      ],
      locale,
    }),
    error: buildErrorCard({
      title: '',
      message: locale === 'ja' ? 'Azure Resource Manager から時間内に応答がありませんでした。' : 'Azure Resource Manager did not answer in time.',
      hint: locale === 'ja'
        ? '1 分ほどしてからもう一度お試しください。繰り返す場合は、下の参照番号をプラットフォーム チームに伝えてください。'
        : 'Try again in a minute; if it keeps failing, give the reference below to your platform team.',
      correlationId: '7d1c2e9a-5b7f-4c1e-9d3a-0f2b6c8e4a10',
      locale,
    }),
    'not-found': buildNotFoundCard({ query: 'aks-legasy', suggestions: ['aks-legacy', 'aks-busy'], locale }),
    approval: buildApprovalCard({ ...demo.demoApproval, view: 'actionable', locale }),
    'approval-readonly': buildApprovalCard({ ...demo.demoApproval, view: 'readonly', locale }),
    'approval-posted': buildApprovalCard({ ...demo.demoApproval, view: 'posted', locale }),
    'approval-no-approvers': buildApprovalCard({
      ...demo.demoApproval,
      approverMentions: [],
      refreshUserIds: [],
      approversStatus: 'none-configured',
      view: 'posted',
      locale,
    }),
    'approval-dry-run': buildApprovalCard({
      ...demo.demoApproval,
      report: demo.kubenetOverlayReady,
      selfApprovalAllowed: true,
      dryRun: true,
      view: 'actionable',
      locale,
    }),
    'approval-incomplete': buildApprovalCard({
      ...demo.demoApproval,
      request: { ...demo.demoApproval.request, clusterName: 'aks-overlay' },
      report: demo.overlayIncomplete,
      pools: [{ name: 'system', count: 2, maxSurge: '10%' }, { name: 'apps', count: 2, maxSurge: '10%' }],
      view: 'actionable',
      locale,
    }),
    decided: buildDecidedCard({ ...demo.demoDecided, locale }),
    'decided-rejected': buildDecidedCard({
      ...demo.demoDecided,
      decision: 'rejected',
      reason: locale === 'ja' ? '四半期末の変更凍結期間中のため見送ります。' : 'Not during the quarter-end freeze.',
      locale,
    }),
    refusal: buildRefusalCard({ code: 'cluster-changed',
      message: locale === 'ja' ? '事前チェックの後に eTag が "e7" から "e9" に変わりました。' : 'eTag "e7" became "e9" since the preflight.', locale }),
    'refusal-back': buildRefusalCard({ code: 'confirm-mismatch', backToApproval: { requestId: 'req_01JD8Z4M3Q' }, locale }),
    history: buildHistoryCard({ clusterName: 'aks-legacy', entries: demo.demoHistoryIn(locale), locale }),
    progress: buildProgressCard({ ...demo.demoProgress, locale }),
    'progress-waiting': buildProgressCard({ ...demo.demoProgressWaiting, locale }),
    'final-succeeded': buildFinalCard({ ...demo.demoFinal, locale }),
    'final-failed': buildFinalCard({ ...demo.demoFinalFailedIn(locale), locale }),
    plan: buildPlanCard({ plan: demoPlan, planId: '5b0c7a1e-2f4d-4c1a-9e3b-7d2a6f8c1e40', locale }),
    'plan-blocked': buildPlanCard({ plan: demoPlanBlocked, planId: '5b0c7a1e-2f4d-4c1a-9e3b-7d2a6f8c1e40', locale }),
  };
}
