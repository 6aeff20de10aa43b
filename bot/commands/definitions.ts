// The chat commands as small declarative definitions (style.md 6). Their titles, descriptions and
// examples feed the help card, the Teams manifest command list and the parser's test table.

/** Intents the bot understands (spec/interfaces.md §4). */
export type Intent =
  | 'help'
  | 'preflight'
  | 'upgrade'
  | 'status'
  | 'list'
  | 'history'
  | 'cancel'
  | 'subscribe'
  | 'unsubscribe'
  | 'language'
  | 'readiness'
  | 'digest'
  | 'plan';

/** Text in each language the bot speaks. */
export interface Localized {
  en: string;
  ja: string;
}

/** One command: what it is for, and phrasings that must parse to it. */
export interface CommandDefinition {
  intent: Intent;
  /** Short title (the manifest command title: at most 32 characters). */
  title: Localized;
  /** One line (the manifest command description: at most 128 characters). */
  description: Localized;
  /** Phrasings from spec/interfaces.md §4; every one must parse to `intent`. */
  examples: { en: string[]; ja: string[] };
  /** True when the command can change a cluster (after approval). */
  sideEffects: boolean;
  /**
   * Keyword patterns the parser matches against the normalised text (NFKC, lower case, HTML and
   * mentions stripped). English words match whole words; Japanese has no spaces, so it matches
   * anywhere. The parser decides between intents in `INTENT_PRIORITY` order.
   */
  patterns: readonly RegExp[];
}

/** Every command, in the order the help card lists them. */
export const COMMANDS = [
  {
    intent: 'preflight',
    title: { en: 'check', ja: 'チェック' },
    description: {
      en: 'Preflight a cluster for Overlay and/or Cilium: blockers, warnings and the fix for each.',
      ja: 'クラスターのオーバーレイ/Cilium 移行を事前チェックします（ブロッカー、警告、対処法）。',
    },
    examples: {
      en: [
        'check aks-legacy',
        'preflight aks-legacy for overlay',
        'can aks-legacy move to cilium?',
        'is rg-demo/aks-legacy ready for overlay with pod cidr 192.168.0.0/16',
      ],
      ja: ['aks-legacy をチェック', 'aks-legacy はオーバーレイに移行できますか'],
    },
    sideEffects: false,
    patterns: [/\b(?:check|preflight|pre-flight|ready|readiness|verify|validate|assess|evaluate|eligible|compatible)\b/, /チェック|確認|事前|プリフライト|検査|診断|調べ|できますか|できる[?か]|可能/],
  },
  {
    intent: 'upgrade',
    title: { en: 'upgrade', ja: '移行' },
    description: {
      en: 'Request a migration; it starts only after a designated approver approves it.',
      ja: '移行をリクエストします。承認者が承認するまで開始されません。',
    },
    examples: {
      en: [
        'upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16',
        'migrate aks-kubenet to overlay',
        'enable cilium on aks-overlay',
      ],
      ja: ['aks-legacy をオーバーレイに移行 ポッドCIDR 192.168.0.0/16', 'aks-overlay を Cilium にアップグレード'],
    },
    sideEffects: true,
    patterns: [/\b(?:upgrade|migrate|migration|enable|switch|convert|move|transition)\b/, /移行|アップグレード|有効化|有効に|切り替え|切替|変更/],
  },
  {
    intent: 'plan',
    title: { en: 'plan', ja: '移行計画' },
    description: {
      en: 'Plan the whole path (e.g. kubenet -> Overlay -> Cilium): every step, its blockers, duration and effects.',
      ja: '目標までの移行計画（例: kubenet → オーバーレイ → Cilium）を、各ステップのブロッカー・所要時間・影響とともに表示します。',
    },
    examples: {
      en: ['plan aks-kubenet to cilium', 'how do I get aks-kubenet to cilium', 'plan aks-legacy to overlay with pod cidr 192.168.0.0/16'],
      ja: ['aks-kubenet を Cilium まで移行する計画', 'aks-kubenet の移行計画'],
    },
    sideEffects: false,
    patterns: [
      /\b(?:plan|roadmap|migration path|path to)\b|\bhow (?:do|can|should|would) (?:i|we) (?:get|move|take|bring|migrate)\b|\bsteps to (?:get|move|reach)\b/,
      /計画|プラン|ロードマップ|手順/,
    ],
  },
  {
    intent: 'status',
    title: { en: 'status', ja: '状態' },
    description: {
      en: 'Show running migrations and the last outcome per cluster.',
      ja: '実行中の移行と各クラスターの直近の結果を表示します。',
    },
    examples: { en: ['status', 'status aks-legacy'], ja: ['状態'] },
    sideEffects: false,
    patterns: [/\b(?:status|state|progress|how is|how's)\b/, /状態|状況|進捗|ステータス/],
  },
  {
    intent: 'list',
    title: { en: 'list clusters', ja: 'クラスター一覧' },
    description: {
      en: 'List clusters with their network mode, data plane, policy engine and Kubernetes version.',
      ja: 'クラスターのネットワークモード、データプレーン、ポリシーエンジン、Kubernetes バージョンを一覧表示します。',
    },
    examples: { en: ['list clusters', 'clusters'], ja: ['クラスター一覧'] },
    sideEffects: false,
    patterns: [/\b(?:list|clusters|ls)\b/, /一覧|リスト|^クラスター?$/],
  },
  {
    intent: 'history',
    title: { en: 'history', ja: '履歴' },
    description: {
      en: "Show a cluster's audit trail: requests, approvals, starts and outcomes.",
      ja: 'クラスターの監査履歴（リクエスト、承認、開始、結果）を表示します。',
    },
    examples: { en: ['history aks-legacy'], ja: ['履歴 aks-legacy'] },
    sideEffects: false,
    patterns: [/\b(?:history|audit|log|logs|past)\b/, /履歴|監査|ログ/],
  },
  {
    intent: 'cancel',
    title: { en: 'cancel', ja: 'キャンセル' },
    description: {
      en: 'Withdraw a pending request that is not approved yet.',
      ja: '未承認のリクエストを取り下げます。',
    },
    examples: { en: ['cancel', 'cancel aks-legacy'], ja: ['aks-legacy をキャンセル'] },
    sideEffects: false,
    patterns: [/\b(?:cancel|withdraw|abort|retract|never mind)\b/, /キャンセル|取り消|取消|取り下げ|中止/],
  },
  {
    intent: 'subscribe',
    title: { en: 'subscribe', ja: '通知を登録' },
    description: {
      en: 'Send approval cards and migration start/finish notices to this channel.',
      ja: 'このチャンネルに承認カードと移行の開始/終了通知を送ります。',
    },
    examples: { en: ['notify this channel', 'subscribe'], ja: ['このチャンネルに通知'] },
    sideEffects: false,
    patterns: [/\b(?:subscribe|notify|notifications?|alerts?)\b/, /通知|購読/],
  },
  {
    intent: 'unsubscribe',
    title: { en: 'unsubscribe', ja: '通知を解除' },
    description: {
      en: 'Stop sending approval cards and notices to this channel.',
      ja: 'このチャンネルへの通知を止めます。',
    },
    examples: { en: ['unsubscribe'], ja: ['このチャンネルの通知を解除'] },
    sideEffects: false,
    patterns: [/\b(?:unsubscribe|unsub|mute)\b|\bstop (?:notify|notifying|notifications?|alerts?)\b|\bno more (?:notifications|alerts)\b/, /(?:通知|購読|登録)(?:を|は)?(?:解除|停止|止め|やめ|オフ)/],
  },
  {
    intent: 'language',
    title: { en: 'language', ja: '言語' },
    description: {
      en: 'Pin the language NetPilot replies to you in (language ja / language en), or show it.',
      ja: 'NetPilot が返信する言語を固定します（言語 日本語 / 言語 英語）。引数なしで現在の設定を表示します。',
    },
    examples: { en: ['language ja', 'language en', 'language'], ja: ['言語 英語', '言語 日本語'] },
    sideEffects: false,
    patterns: [/^(?:language|lang)\b/, /^言語/],
  },
  {
    intent: 'readiness',
    title: { en: 'readiness', ja: '移行準備状況' },
    description: {
      en: 'Fleet readiness: which clusters can move to Overlay or Cilium, what blocks the rest, and the fix.',
      ja: 'フリート全体の移行準備状況（オーバーレイ/Cilium へ移行できるクラスター、ブロッカーと対処）を表示します。',
    },
    examples: {
      en: ['readiness', 'fleet', 'which clusters can move to overlay', 'fleet readiness', 'which clusters are ready for cilium'],
      ja: ['移行準備状況', 'フリートの状況', 'どのクラスターが移行できますか'],
    },
    sideEffects: false,
    patterns: [
      /^(?:fleet|readiness)$|\bfleet\b|\b(?:which|what) clusters\b/,
      /移行準備|準備状況|フリート|どのクラスター|全クラスター|すべてのクラスター/,
    ],
  },
  {
    intent: 'digest',
    title: { en: 'digest', ja: 'ダイジェスト' },
    description: {
      en: 'Weekly readiness digest in this channel: digest on / digest off.',
      ja: 'このチャンネルへの週次の移行準備状況ダイジェスト（digest on / digest off）。',
    },
    examples: { en: ['digest on', 'digest off', 'weekly digest on'], ja: ['ダイジェストをオン', '週次ダイジェストを停止'] },
    sideEffects: false,
    patterns: [/\bdigest\b/, /ダイジェスト|週次レポート/],
  },
  {
    intent: 'help',
    title: { en: 'help', ja: 'ヘルプ' },
    description: {
      en: 'Show what NetPilot can do, with examples.',
      ja: 'NetPilot の使い方と例を表示します。',
    },
    examples: { en: ['help', '?'], ja: ['ヘルプ'] },
    sideEffects: false,
    patterns: [/\b(?:help|usage|commands|what can you do|how do i)\b|^\?+$/, /ヘルプ|使い方|助けて|何ができ/],
  },
] as const satisfies readonly CommandDefinition[];

/**
 * Order in which the parser tries intents when several match: the most specific first
 * ("stop notifications" is unsubscribe, not subscribe; "help me check X" is a preflight).
 */
export const INTENT_PRIORITY: readonly Intent[] = [
  'language', 'digest', 'unsubscribe', 'subscribe', 'cancel', 'history', 'readiness', 'status', 'plan', 'preflight', 'upgrade', 'list', 'help',
];
