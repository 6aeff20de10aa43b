// Natural-language command parser (spec/interfaces.md §4), English and Japanese. Pure and total:
// any input, however odd, gives a ParsedCommand; it never throws.
import { COMMANDS, INTENT_PRIORITY, type Intent } from './definitions.ts';

/** Language of a message: Japanese when it contains kana or kanji, else English. */
export type Language = 'en' | 'ja';

/** A cluster as the user named it; resource group and subscription only when given. */
export interface ClusterMention {
  name: string;
  resourceGroup?: string;
  subscriptionId?: string;
}

/** A recognised command. */
export interface KnownCommand {
  intent: Intent;
  cluster?: ClusterMention;
  target?: 'overlay' | 'cilium';
  podCidr?: string;
  /** `digest on` / `digest off`; absent = show the channel's digest setting. */
  switch?: 'on' | 'off';
  language: Language;
}

/** Input the parser could not place; `closest` holds the nearest examples for the help card. */
export interface UnknownCommand {
  intent: 'unknown';
  closest: string[];
  language: Language;
}

/** What `parseCommand` returns. */
export type ParsedCommand = KnownCommand | UnknownCommand;

/** Inputs longer than this are cut before any work (a chat command is never this long). */
export const MAX_INPUT_CHARS = 2000;

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/;
const NAME = /^[a-z0-9][a-z0-9._()-]{0,89}$/i;
const CLUSTER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
const CIDR = /^\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RESOURCE_ID =
  /\/subscriptions\/([^/\s]+)\/resourcegroups\/([^/\s]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/\s?.,!]+)/i;
const POD_CIDR = /(?:--pod-cidr(?:=|\s+)|\bpod[\s-]*cidrs?\b\s*(?:[:=]|of|is|to)?\s*|ポッド\s*cidr\s*(?:[:=は]|を)?\s*)(\S+)/i;
const RG_FLAG = /(?:^|\s)(?:-g|--resource-group)(?:=|\s+)(\S+)/i;
const SUB_FLAG = /(?:^|\s)(?:-s|--subscription)(?:=|\s+)(\S+)/i;
const RG_IN = /\bin\s+(?:(?:the\s+)?(?:resource[\s-]*group|rg)\s+)?([a-z0-9][a-z0-9._()-]*)/i;
const RG_NO = /([a-z0-9][a-z0-9._()-]*)\s*の\s*([a-z0-9][a-z0-9_-]*)/i;
const TARGET_FROM = /\bfrom\s+(?:azure\s+)?(?:cni\s+)?(overlay|cilium|dataplane)\b/gi;

/** Words that never name a cluster: filler, glue, and every keyword of every intent. */
const STOP_WORDS = new Set(
  (
    'please pls plz hey hi hello yo ok okay thanks thank you can could would will may might shall should ' +
    'i me my we our us you your it its this that these those there here the a an of on in at to for from ' +
    'with by and or is are was be been am do does did done go going want wanna like need let lets let\'s ' +
    'tell show give get see run start now today just also again some any all both which what whether if ' +
    'when how whats what\'s cluster aks kubernetes k8s azure cni network networking plugin mode target ' +
    'request requests pending current currently still yet possible safe ' +
    'netpilot bot into onto up over same channel here everything anything ' +
    'check preflight ready readiness verify validate assess evaluate eligible compatible ' +
    'upgrade migrate migration enable switch convert move transition status state progress list clusters ls ' +
    'history audit log logs past cancel withdraw abort retract never mind subscribe notify notification ' +
    'notifications alert alerts unsubscribe unsub mute stop more no help usage commands overlay cilium dataplane ' +
    'ebpf plan roadmap path steps'
  ).split(/\s+/),
);

/** Filler removed before matching (so "can you check X" is not read as a question). */
const FILLER = [
  /(?<!\bwhat )\b(?:can|could|would|will) you(?: please)?\b/gi,
  /\b(?:hey|hi|hello|please|pls|plz|kindly|thanks|thank you)\b/gi,
  /\bi(?:'d| would)? (?:like|want|need) (?:you )?to\b/gi,
  /\b(?:for me|right now)\b/gi,
  /お願いします|お願い|おねがい|ください|下さい|ちょうだい|してほしい|して欲しい/g,
];

const TARGET_WORDS: Record<string, 'overlay' | 'cilium'> = {
  overlay: 'overlay',
  cilium: 'cilium',
  dataplane: 'cilium',
  ebpf: 'cilium',
};

/** Removes HTML tags (Teams sends `<p>`, `<at>`), decodes the common entities. */
function stripHtml(text: string): string {
  return text
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, '&');
}

/** NFKC (full-width to ASCII), Japanese punctuation to spaces, spaces between scripts. */
function normalise(raw: string): string {
  let text = stripHtml(raw.slice(0, MAX_INPUT_CHARS * 2)).normalize('NFKC').slice(0, MAX_INPUT_CHARS);
  text = text
    .replace(/[。、，,！!「」『』（）()【】［］[\]｛｝{}・…〜~"“”‘’`;]/g, ' ')
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Adds spaces where ASCII and Japanese meet, so "aks-legacyをチェック" has separable words. */
function separateScripts(text: string): string {
  // Both replacements need a non-ASCII character: plain ASCII (most English commands) skips the
  // two Unicode-property scans.
  if (!NON_ASCII.test(text)) return text;
  return text
    .replace(/([\x21-\x7e])(?=\P{ASCII})/gu, '$1 ')
    .replace(/(\P{ASCII})(?=[\x21-\x7e])/gu, '$1 ');
}

function similarity(a: string, b: string): number {
  const grams = (s: string): Map<string, number> => {
    const m = new Map<string, number>();
    const t = ` ${s.toLowerCase()} `;
    for (let i = 0; i < t.length - 1; i += 1) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of ga) {
    common += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

/** The examples (of the given language first) nearest to `text`, best first. */
export function closestExamples(text: string, language: Language, count = 3): string[] {
  const all = COMMANDS.flatMap((c) => (language === 'ja' ? [...c.examples.ja, ...c.examples.en] : [...c.examples.en]));
  if (text.trim() === '') {
    return language === 'ja'
      ? ['ヘルプ', 'aks-legacy をチェック', 'クラスター一覧'].slice(0, count)
      : ['help', 'check aks-legacy', 'list clusters'].slice(0, count);
  }
  return all
    .map((example, index) => ({ example, index, score: similarity(text, example) }))
    .sort((x, y) => y.score - x.score || x.index - y.index)
    .slice(0, count)
    .map((x) => x.example);
}

/** Replaces tokens that name things (contain `-`, `_`, `/`, `.` or digits) so keywords inside names do not count. */
function keywordView(text: string): string {
  return text
    .split(' ')
    .map((t) => (/[-_/.\d]/.test(t) ? '§' : t))
    .join(' ');
}

/** Each intent's keyword patterns, in `INTENT_PRIORITY` order (looked up once, not on every message). */
const PATTERNS_BY_PRIORITY: readonly (readonly [Intent, readonly RegExp[]])[] = INTENT_PRIORITY.map((intent) =>
  [intent, COMMANDS.find((c) => c.intent === intent)?.patterns ?? []] as const);

function findIntent(view: string, japaneseView: string): Intent | undefined {
  const japanese = JAPANESE.test(japaneseView);
  for (const [intent, patterns] of PATTERNS_BY_PRIORITY) {
    if (patterns.some((p) => p.test(view) || (japanese && p.test(japaneseView)))) return intent;
  }
  return undefined;
}

function findTarget(text: string): 'overlay' | 'cilium' | undefined {
  const found = findTargets(text);
  if (found.size !== 1) return undefined;
  return [...found][0];
}

/** A plan's goal: Cilium when Cilium is named (alone or as "overlay + cilium"), else Overlay when named. */
function findGoal(text: string): 'overlay' | 'cilium' | undefined {
  const found = findTargets(text);
  return found.has('cilium') ? 'cilium' : found.has('overlay') ? 'overlay' : undefined;
}

function findTargets(text: string): Set<'overlay' | 'cilium'> {
  const lower = text.toLowerCase();
  const withoutFrom = lower.replace(TARGET_FROM, ' ');
  const found = new Set<'overlay' | 'cilium'>();
  for (const token of withoutFrom.split(/[\s?]+/)) {
    const t = TARGET_WORDS[token];
    if (t) found.add(t);
  }
  if (/オーバーレイ/.test(withoutFrom)) found.add('overlay');
  if (/シリウム|データプレーン/.test(withoutFrom)) found.add('cilium');
  return found;
}

function isQuestion(text: string): boolean {
  return (
    /\?\s*$/.test(text) ||
    /^(?:can|could|is|are|will|would|may|should|does|do)\b/i.test(text) ||
    /(?:ますか|ですか|かな|か)\s*$/.test(text)
  );
}

function cleanName(token: string): string {
  return token.replace(/^['"]+|['".:?!]+$/g, '');
}

/** English words a message needs before it reads as clearly English (a bare `status` or a name says nothing). */
export const CLEAR_ENGLISH_WORDS = 3;

/**
 * The language a message is clearly written in: Japanese when it has kana or kanji, English when it
 * has at least `CLEAR_ENGLISH_WORDS` words of Latin letters only (names with digits or dashes do not
 * count), else undefined (the activity's locale decides). Never throws.
 */
export function clearLanguage(text: unknown): Language | undefined {
  const work = normalise(typeof text === 'string' ? text : '');
  if (JAPANESE.test(work)) return 'ja';
  const words = work.split(' ').map((t) => t.replace(/^['"]+|['".:?!]+$/g, '')).filter((t) => /^[a-z]{2,}(?:'[a-z]+)?$/i.test(t));
  return words.length >= CLEAR_ENGLISH_WORDS ? 'en' : undefined;
}

/** Intents that never name a cluster. */
const FLEET_WIDE: ReadonlySet<Intent> = new Set<Intent>(['help', 'subscribe', 'unsubscribe', 'list', 'language', 'readiness', 'digest']);

/** `on` / `off` of a digest command (English words, or Japanese). */
function switchOf(text: string): 'on' | 'off' | undefined {
  if (/\b(?:off|disable|stop|unsubscribe)\b|オフ|無効|停止|解除|止め|やめ/.test(text)) return 'off';
  if (/\b(?:on|enable|start|subscribe)\b|オン|有効|開始|登録/.test(text)) return 'on';
  return undefined;
}

/** Parses one chat message into an intent and its arguments. Never throws. */
export function parseCommand(text: unknown): ParsedCommand {
  const raw = typeof text === 'string' ? text : '';
  let work = normalise(raw);
  const language: Language = JAPANESE.test(work) ? 'ja' : 'en';
  for (const f of FILLER) work = work.replace(f, ' ');
  work = separateScripts(work).replace(/\bpre-flight\b/gi, 'preflight').replace(/\s+/g, ' ').trim();

  let cluster: ClusterMention | undefined;
  let podCidr: string | undefined;
  let resourceGroup: string | undefined;
  let subscriptionId: string | undefined;

  const id = RESOURCE_ID.exec(work);
  if (id) {
    cluster = { name: id[3], resourceGroup: id[2], subscriptionId: id[1] };
    work = work.replace(id[0], ' ');
  }
  const pod = POD_CIDR.exec(work);
  if (pod) {
    podCidr = cleanName(pod[1]);
    work = work.replace(pod[0], ' ');
  }
  const rgFlag = RG_FLAG.exec(work);
  if (rgFlag) {
    resourceGroup = cleanName(rgFlag[1]);
    work = work.replace(rgFlag[0], ' ');
  }
  const subFlag = SUB_FLAG.exec(work);
  if (subFlag) {
    subscriptionId = cleanName(subFlag[1]);
    work = work.replace(subFlag[0], ' ');
  }

  const lower = work.toLowerCase();
  const intentFound = findIntent(keywordView(lower), lower);
  const target = intentFound === 'plan' ? findGoal(work) : findTarget(work);

  // Tokens left over that can name a cluster.
  const tokens = work.split(/\s+/).map(cleanName).filter((t) => t.length > 0);
  if (!podCidr) {
    const bare = tokens.find((t) => CIDR.test(t));
    if (bare) podCidr = bare;
  }
  if (!cluster) {
    const rgNo = RG_NO.exec(work);
    if (rgNo && !STOP_WORDS.has(rgNo[1].toLowerCase()) && !STOP_WORDS.has(rgNo[2].toLowerCase())) {
      cluster = { name: rgNo[2], resourceGroup: rgNo[1] };
    }
  }
  if (!cluster && !resourceGroup) {
    const rgIn = RG_IN.exec(work);
    if (rgIn && NAME.test(rgIn[1]) && !STOP_WORDS.has(rgIn[1].toLowerCase()) && !CIDR.test(rgIn[1])) {
      resourceGroup = rgIn[1];
      const at = tokens.indexOf(rgIn[1]);
      if (at >= 0) tokens.splice(at, 1);
    }
  }
  if (!cluster) {
    for (const token of tokens) {
      if (STOP_WORDS.has(token.toLowerCase()) || CIDR.test(token) || GUID.test(token) || JAPANESE.test(token)) continue;
      if (/^-/.test(token) || /^\d+$/.test(token)) continue;
      const slash = token.split('/');
      if (slash.length === 2 && NAME.test(slash[0]) && CLUSTER_NAME.test(slash[1])) {
        cluster = { name: slash[1], resourceGroup: slash[0] };
        break;
      }
      if (slash.length === 1 && CLUSTER_NAME.test(token)) {
        cluster = { name: token };
        break;
      }
    }
  }
  if (cluster && resourceGroup && !cluster.resourceGroup) cluster.resourceGroup = resourceGroup;
  if (cluster && subscriptionId && !cluster.subscriptionId) cluster.subscriptionId = subscriptionId;

  let intent = intentFound;
  if (intent === 'upgrade' && isQuestion(work)) intent = 'preflight';
  // A cluster with a target, a pod CIDR or an explicit rg/id but no verb reads as "check it".
  if (!intent && cluster && (target || podCidr || cluster.resourceGroup || isQuestion(work))) intent = 'preflight';
  if (!intent) return { intent: 'unknown', closest: closestExamples(normalise(raw), language), language };

  const parsed: KnownCommand = { intent, language };
  if (cluster && !FLEET_WIDE.has(intent)) {
    parsed.cluster = cluster;
  }
  if (intent === 'digest') {
    const sw = switchOf(lower);
    if (sw) parsed.switch = sw;
  }
  if (target && (intent === 'preflight' || intent === 'upgrade' || intent === 'plan')) parsed.target = target;
  if (podCidr && (intent === 'preflight' || intent === 'upgrade' || intent === 'plan')) parsed.podCidr = podCidr;
  return parsed;
}
