// What the chat layer needs from the rest of NetPilot, as small interfaces (style.md 10). The
// composition root (bot/index.ts) wires the real services and cards; tests may pass fakes.
import type { StartInputs } from '../services/schedule/start-choice.ts';
import type { NetPilotConfig } from '../services/config.ts';
import type { ClusterSnapshot, Target } from '../services/cluster/types.ts';
import type { PreflightOptions, PreflightReport } from '../services/preflight/types.ts';
import type { ConversationStore, DigestStore, UserSettingsStore } from '../services/store/types.ts';
import type { DigestSchedule } from '../services/planning/digest-schedule.ts';
import type { ReadinessScanner } from '../services/planning/readiness-scanner.ts';
import type { ReadinessPages } from './readiness/pages.ts';
import type { AdaptiveCard, Locale } from '../cards/types.ts';
import type { ClusterListItem } from '../cards/cluster-list-card.ts';
import type { ClusterDirectory, ClusterRef } from '../services/azure/cluster-directory.ts';
import type { ApprovalCardData, DecidedCardData, RefusalCardData } from '../cards/approval-card.ts';
import type { HistoryCardData } from '../cards/history-card.ts';
import type { ConversationInfo, Reply, UserInfo } from './commands/reply.ts';
import type { Locale as BotLocale } from './i18n/index.ts';
import type { ProgressStatusPort } from './proactive/status.ts';

/** The part of the configuration the bot reads. */
export type BotConfig = Pick<NetPilotConfig, 'bot' | 'allowedTenants'>;

export type { ClusterDirectory, ClusterRef } from '../services/azure/cluster-directory.ts';

/** Card builders (cards/) the handlers use; every one returns Adaptive Card JSON. */
export interface CardKit {
  preflight(data: { reports: PreflightReport[]; locale: Locale }): AdaptiveCard;
  /** The help card; it may be shared between turns and deeply frozen: send it, never change it. */
  help(data: {
    commands: { title: string; description: string; examples: string[] }[];
    closestExamples?: string[];
    unknownText?: string;
    locale: Locale;
  }): AdaptiveCard;
  clusterList(data: { clusters: ClusterListItem[]; locale: Locale }): AdaptiveCard;
  chooseCluster(data: { query: string; candidates: ClusterRef[]; originalText: string; locale: Locale }): AdaptiveCard;
  error(data: { title: string; message: string; hint?: string; correlationId?: string; locale: Locale }): AdaptiveCard;
  notFound(data: { query: string; suggestions: string[]; locale: Locale }): AdaptiveCard;
  /** The approval card: `actionable` (approvers), `readonly`, or `posted` (read-only for everyone,
   * refreshing to the clicker's view; `refreshUserIds` get it automatically). */
  approval(data: ApprovalCardInput): AdaptiveCard;
  decided(data: DecidedCardData): AdaptiveCard;
  refusal(data: RefusalCardData): AdaptiveCard;
  history(data: HistoryCardData): AdaptiveCard;
}

/** Input of `CardKit.approval` (the card's own data; `approversStatus` says when no approvers are configured). */
export type ApprovalCardInput = ApprovalCardData;

/** The user of a turn as teams-bot passes it: Teams ids plus the tenant of the activity. */
export interface TeamsUser extends UserInfo {
  tenantId?: string;
}

/** The plan step a request was made for (kept in the request's chat data; 0-based step index). */
export interface PlanLink {
  planId: string;
  step: number;
}

/** Migration plans in chat (bot/plans/): the plan card, its "request this step" action, status lines. */
export interface PlanPort {
  /** `plan X to GOAL`: plans from a fresh snapshot, stores the plan and answers with its card. */
  show(ctx: PlanTurn, input: { cluster: ClusterRef; goal: Target; podCidr?: string }): Promise<Reply>;
  /** The card's "request this step": a normal upgrade request for that step, or why not (with the plan as it stands). */
  requestStep(ctx: PlanTurn, stepId: string): Promise<Reply>;
  /** Plan lines of `status` (open plans of the matching clusters). */
  statusLines(query: { name: string; resourceGroup?: string; subscriptionId?: string } | undefined, locale: BotLocale): string[];
  /** Plan lines of `history` (every plan of the cluster, newest first). */
  historyLines(cluster: ClusterRef, locale: BotLocale): string[];
}

/** The turn a plan is asked for in (who, where, in which language, with which services). */
export interface PlanTurn {
  services: BotServices;
  user: UserInfo;
  conversation: ConversationInfo;
  locale: BotLocale;
}

/** Facts of an `upgrade` that passed resolution and preflight (the input of a request). */
export interface UpgradeRequestInput {
  cluster: ClusterRef;
  target: Target;
  podCidr?: string;
  report: PreflightReport;
  /** The cluster eTag the preflight's snapshot saw. */
  eTag: string | null;
  snapshot: ClusterSnapshot;
  user: UserInfo;
  conversation: ConversationInfo;
  locale: BotLocale;
  /** The plan step this request is for (a plan's "request this step", or its next step after a success). */
  plan?: PlanLink;
}

/** An approval card action as it arrived (data already validated). */
export interface ApprovalActionInput {
  requestId: string;
  user: UserInfo;
  conversation: ConversationInfo;
  locale: BotLocale;
  /** The clicker's IANA time zone (Teams `localTimezone`), for the start-time inputs. */
  timeZone?: string;
}

/** The approval flow as the command and action handlers see it; every method answers with a reply. */
export interface ApprovalPort {
  /** Requests the migration (or says why not) and posts the approval card where approvers see it. */
  request(input: UpgradeRequestInput): Promise<Reply>;
  approve(input: ApprovalActionInput & { confirm?: string; ack?: string | boolean } & StartInputs): Promise<Reply>;
  reject(input: ApprovalActionInput & { reason?: string }): Promise<Reply>;
  /** The clicker's view of the card (actionable for approvers, read-only for others, decided when done). */
  refresh(input: ApprovalActionInput): Promise<Reply>;
  cancel(input: { cluster?: ClusterRef; user: UserInfo; locale: BotLocale }): Promise<Reply>;
  history(input: { cluster: ClusterRef; locale: BotLocale }): Promise<Reply>;
  /** Whether the user may request migrations at all (Entra id, REQUESTERS, tenants) and, given the
   * conversation, whether its approval card has somewhere to go; the reply says why not. */
  mayRequest(user: UserInfo, locale: BotLocale, conversation?: ConversationInfo): Gate;
}

/** A permission answer: allowed, or the reply that says why not and how to fix it. */
export type Gate = { ok: true } | { ok: false; reply: Reply };

/** Who may read and who may choose where approval cards go (VIEWERS, APPROVERS, tenants). */
export interface AccessPort {
  /** `list`, `check`, `status`, `history`: viewers, requesters and approvers (everyone in an allowed tenant when VIEWERS is empty). */
  mayRead(user: UserInfo, locale: BotLocale): Gate;
  /** `subscribe` / `unsubscribe`: approvers only (anyone only in demo mode without APPROVERS). */
  mayManageChannels(user: UserInfo, locale: BotLocale): Gate;
}

/** Everything the bot's handlers call. */
export interface BotServices {
  directory: ClusterDirectory;
  runPreflight(snapshot: ClusterSnapshot, target: Target, options?: PreflightOptions): PreflightReport;
  conversations: ConversationStore;
  /** Per-user settings (the pinned reply language); absent = nothing can be pinned. */
  settings?: UserSettingsStore;
  cards: CardKit;
  /** The approval flow; absent = upgrade only shows the preflight (bot-only tests). */
  approvals?: ApprovalPort;
  /** Read and channel permissions; absent = no access rules (bot-only tests: the composition root always sets it). */
  access?: AccessPort;
  /** Production rules (`AZURE_SUBSCRIPTION_IDS` set): only `msteams` activities are served. */
  productionRules?: boolean;
  /** `ALLOWED_TENANTS`: every activity from another tenant is refused; empty/absent = any tenant. */
  allowedTenants?: readonly string[];
  /** Running migrations and last outcomes for `status`; absent = "nothing yet". */
  progressStatus?: ProgressStatusPort;
  /** Stored migration plans; absent = the plan card is shown without its request action. */
  plans?: PlanPort;
  /** Fleet readiness (`readiness`) and the weekly digest (`digest on|off`); absent = not offered. */
  readiness?: ReadinessPort;
}

/** What `readiness` and `digest` use. */
export interface ReadinessPort {
  scanner: ReadinessScanner;
  /** Scans kept for the card's page buttons. */
  pages: ReadinessPages;
  /** The weekly digest's store (absent: the store does not keep digests) and schedule. */
  digests?: () => DigestStore | undefined;
  digestSchedule: DigestSchedule;
  /** Time of `digest on` and of a scan (the scheduler's clock). */
  now: () => Date;
  /** Clusters per page of the card at most (default and cap: the card's own page size). */
  maxPageSize?: number;
  /** At most one update of the progress message per this many ms (default 2000). */
  progressIntervalMs?: number;
  /** Where a failed scan is logged (with the correlation id the user sees). */
  logger?: { error(obj: object, msg?: string): void };
}
