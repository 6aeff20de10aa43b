// The one configuration loader (style.md 11): a pure function of `env`, validated with zod, that
// lists every missing or invalid variable at once. Nothing else in the product reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotEnv } from 'dotenv';
import { z } from 'zod';
import { UserError } from './cluster/errors.ts';
import { azureStoreProblem } from './store/azure/options.ts';
import { DEFAULT_DIGEST_SCHEDULE, type DigestSchedule, type Weekday } from './planning/digest-schedule.ts';

/** Sovereign clouds NetPilot can talk to (`AZURE_ENVIRONMENT`). */
export type AzureEnvironment = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';
/** Where Azure comes from: real Azure, an emulator already running, or one started in-process. */
export type AzureMode = 'azure' | 'emulator-external' | 'emulator-in-process';
/** Bot Framework app types (`MicrosoftAppType`). */
export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
/** pino log levels accepted by `LOG_LEVEL`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** ARM endpoint and token scope of each cloud. */
export const AZURE_ENVIRONMENTS: Readonly<Record<AzureEnvironment, { armEndpoint: string; armScope: string }>> = {
  AzureCloud: { armEndpoint: 'https://management.azure.com', armScope: 'https://management.azure.com/.default' },
  AzureUSGovernment: { armEndpoint: 'https://management.usgovcloudapi.net', armScope: 'https://management.usgovcloudapi.net/.default' },
  AzureChinaCloud: { armEndpoint: 'https://management.chinacloudapi.cn', armScope: 'https://management.chinacloudapi.cn/.default' },
};

/** Validated, typed configuration of the bot and the CLI. */
export interface NetPilotConfig {
  azureMode: AzureMode;
  azureEnvironment: AzureEnvironment;
  /** ARM endpoint of `azureEnvironment` (no trailing slash). */
  armEndpoint: string;
  /** Token scope for ARM in `azureEnvironment` (`<endpoint>/.default`). */
  armScope: string;
  /** `AZURE_SUBSCRIPTION_IDS`; non-empty means Azure mode. */
  subscriptionIds: string[];
  /** `NETPILOT_EMULATOR_URL`: an emulator that already runs. */
  emulatorUrl?: string;
  /** `NETPILOT_EMULATOR_PORT`: port for an in-process emulator (ephemeral when unset). */
  emulatorPort?: number;
  /** `NETPILOT_EMULATOR_SPEED`: duration divisor of the emulator. */
  emulatorSpeed: number;
  /** `NETPILOT_FLEET`, resolved absolute; undefined = bundled demo fleet. */
  fleetFile?: string;
  /** `NETPILOT_DATA_DIR`, resolved absolute. */
  dataDir: string;
  pollSeconds: number;
  port: number;
  playground: boolean;
  logLevel: LogLevel;
  bot: {
    appId?: string;
    /** Secret: never logged, never in `describeConfig`. */
    appPassword?: string;
    appType: MicrosoftAppType;
    appTenantId?: string;
  };
  requesters: string[];
  approvers: string[];
  allowSelfApproval: boolean;
  approvalTtlMinutes: number;
  /** `BOT_EXECUTE`; false = dry run (approvals recorded, no update sent). */
  botExecute: boolean;
  /** `ALLOWED_TENANTS`; empty = any tenant (demo only). In production defaults to `MicrosoftAppTenantId`. */
  allowedTenants: string[];
  /** True when `AZURE_SUBSCRIPTION_IDS` is set: every Azure-mode rule applies (inbound auth required,
   * subscription scope, tenants, roles), also against `NETPILOT_EMULATOR_URL` (spec §8). */
  productionRules: boolean;
  /** `VIEWERS`: Entra object ids that may read; empty = every user of an allowed tenant. */
  viewers: string[];
  /** `NETPILOT_APPROVAL_CHANNEL`: conversation id of the channel that gets approval cards of personal-chat requests. */
  approvalChannel?: string;
  /** `NETPILOT_RUN_COMMAND`: read an unreachable private / IP-restricted cluster through AKS runCommand. */
  runCommand: boolean;
  /** `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_SECRET` (secret), passed to the Azure credential. */
  azureIdentity: { clientId?: string; tenantId?: string; clientSecret?: string };
  /** `NETPILOT_STORE`: where requests, operations and the audit trail live. */
  store: { kind: 'sqlite' | 'azure'; connectionString?: string; accountUrl?: string };
  /** `NETPILOT_DIGEST_DAY` / `NETPILOT_DIGEST_HOUR`: when the weekly readiness digest is posted (UTC). */
  digest: DigestSchedule;
  /** `NETPILOT_LEASE_SECONDS`: lease period of an operation's watcher (blob leases: 15-60 s). */
  leaseSeconds: number;
  /** OpenTelemetry: Azure Monitor when `APPLICATIONINSIGHTS_CONNECTION_STRING` (secret) is set,
   * else `NETPILOT_OTEL` (`console` or `otlp`, OTLP settings from the standard `OTEL_*` variables); off by default. */
  telemetry: { exporter: 'off' | 'console' | 'otlp' | 'azure-monitor'; connectionString?: string };
}

/** Options a composition root may pass to `loadConfig` (defaults that differ per entry point). */
export interface LoadConfigOptions {
  /** Speed used when `NETPILOT_EMULATOR_SPEED` is unset (20 for the demo bot, 1 for `netpilot emulator`). */
  defaultEmulatorSpeed?: number;
  /** Directory relative paths resolve against (default: the process working directory). */
  cwd?: string;
  /** `bot` (default) serves Bot Framework traffic, so Azure mode requires inbound auth; `cli` serves none. */
  role?: 'bot' | 'cli';
}

/** Configuration that cannot be used; the message lists every bad variable (never a secret's value). */
export class ConfigError extends UserError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('InvalidConfig', `invalid configuration: ${problems.join('; ')}`,
      'Set the variables in the environment or in .env (see .env.example) and start again.');
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Variables whose values are secrets: their values never appear in messages. */
const SECRET_KEYS = new Set(['MicrosoftAppPassword', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING', 'APPLICATIONINSIGHTS_CONNECTION_STRING']);

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Treats empty and whitespace-only values as unset (common in .env files). */
const opt = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const guidList = opt(z.string()).transform((v, ctx) => {
  const items = (v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const bad = items.filter((s) => !GUID.test(s));
  if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not a GUID: ${bad.map((b) => JSON.stringify(b)).join(', ')}` });
  return items.map((s) => s.toLowerCase());
});

const bool = (fallback: boolean) => opt(z.string()).transform((v, ctx) => {
  if (v === undefined) return fallback;
  const s = v.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: 'expected true or false' });
  return fallback;
});

const int = (min: number, max: number) => opt(z.string()).transform((v, ctx) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}` });
    return undefined;
  }
  return n;
});

/** Weekday names `NETPILOT_DIGEST_DAY` accepts (three letters or the full English name, any case). */
const WEEKDAYS: readonly string[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const weekday = opt(z.string()).transform((v, ctx): Weekday | undefined => {
  if (v === undefined) return undefined;
  const s = v.toLowerCase();
  const i = WEEKDAYS.findIndex((d) => d === s || d.slice(0, 3) === s);
  if (i < 0) {
    ctx.addIssue({ code: 'custom', message: `expected a weekday (mon, tue, wed, thu, fri, sat, sun or the full name), got ${JSON.stringify(v)}` });
    return undefined;
  }
  return i as Weekday;
});

const envSchema = z.object({
  PORT: int(1, 65535),
  NETPILOT_FLEET: opt(z.string()),
  NETPILOT_EMULATOR_PORT: int(0, 65535),
  NETPILOT_EMULATOR_SPEED: opt(z.string()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected a positive number, got ${JSON.stringify(v)}` });
      return undefined;
    }
    return n;
  }),
  NETPILOT_POLL_SECONDS: int(1, 3600),
  NETPILOT_PLAYGROUND: opt(z.string()),
  NETPILOT_DATA_DIR: opt(z.string()),
  NETPILOT_EMULATOR_URL: opt(z.url({ protocol: /^https$/, error: 'expected an https:// URL' })),
  AZURE_SUBSCRIPTION_IDS: guidList,
  AZURE_ENVIRONMENT: opt(z.enum(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'],
    { error: 'expected AzureCloud, AzureUSGovernment or AzureChinaCloud' })),
  APPROVERS: guidList,
  REQUESTERS: guidList,
  ALLOW_SELF_APPROVAL: bool(false),
  APPROVAL_TTL_MINUTES: int(1, 7 * 24 * 60),
  BOT_EXECUTE: bool(true),
  ALLOWED_TENANTS: guidList,
  LOG_LEVEL: opt(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    { error: 'expected one of fatal, error, warn, info, debug, trace, silent' })),
  MicrosoftAppId: opt(z.string().regex(GUID, 'expected a GUID')),
  MicrosoftAppPassword: opt(z.string()),
  MicrosoftAppType: opt(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'],
    { error: 'expected MultiTenant, SingleTenant or UserAssignedMSI' })),
  MicrosoftAppTenantId: opt(z.string().regex(GUID, 'expected a GUID')),
  VIEWERS: guidList,
  NETPILOT_APPROVAL_CHANNEL: opt(z.string().max(1024, 'expected a Teams conversation id')),
  NETPILOT_RUN_COMMAND: bool(true),
  AZURE_CLIENT_ID: opt(z.string().regex(GUID, 'expected a GUID')),
  AZURE_TENANT_ID: opt(z.string().regex(GUID, 'expected a GUID')),
  AZURE_CLIENT_SECRET: opt(z.string()),
  NETPILOT_STORE: opt(z.enum(['sqlite', 'azure'], { error: 'expected sqlite or azure' })),
  AZURE_STORAGE_CONNECTION_STRING: opt(z.string()),
  AZURE_STORAGE_ACCOUNT_URL: opt(z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' })),
  NETPILOT_DIGEST_DAY: weekday,
  NETPILOT_DIGEST_HOUR: int(0, 23),
  NETPILOT_LEASE_SECONDS: int(1, 60),
  NETPILOT_OTEL: opt(z.enum(['off', 'console', 'otlp'], { error: 'expected off, console or otlp' })),
  APPLICATIONINSIGHTS_CONNECTION_STRING: opt(z.string()),
});

/** Cross-variable rules, checked on the raw values so they are reported even when other keys are bad. */
function crossKeyProblems(env: Record<string, string | undefined>, role: 'bot' | 'cli'): string[] {
  const val = (k: string) => (env[k]?.trim() ? env[k]!.trim() : undefined);
  const type = val('MicrosoftAppType') ?? 'MultiTenant';
  const problems: string[] = [];
  if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && !val('MicrosoftAppTenantId')) {
    problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${type}`);
  }
  if (type !== 'UserAssignedMSI' && val('MicrosoftAppId') && !val('MicrosoftAppPassword')) {
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  if (type === 'UserAssignedMSI' && !val('MicrosoftAppId')) {
    problems.push('MicrosoftAppId: required when MicrosoftAppType is UserAssignedMSI (the identity client id)');
  }
  // Azure mode never runs open: inbound Bot Framework auth needs an app id plus a secret, or a managed identity.
  const production = (val('AZURE_SUBSCRIPTION_IDS') ?? '').split(',').some((s) => s.trim().length > 0);
  if (production && role === 'bot' && type !== 'UserAssignedMSI' && (!val('MicrosoftAppId') || !val('MicrosoftAppPassword'))) {
    const missing = ['MicrosoftAppId', 'MicrosoftAppPassword'].filter((k) => !val(k));
    problems.push(`${missing.join(', ')}: required when AZURE_SUBSCRIPTION_IDS is set (Azure mode never runs without inbound Bot Framework auth; or set MicrosoftAppType=UserAssignedMSI with MicrosoftAppId and MicrosoftAppTenantId)`);
  }
  if (val('NETPILOT_STORE') === 'azure') {
    const storeProblem = azureStoreProblem({ connectionString: val('AZURE_STORAGE_CONNECTION_STRING'), accountUrl: val('AZURE_STORAGE_ACCOUNT_URL') });
    if (storeProblem) problems.push(storeProblem);
  }
  if (val('AZURE_CLIENT_SECRET') && !val('AZURE_CLIENT_ID')) {
    problems.push('AZURE_CLIENT_ID: required when AZURE_CLIENT_SECRET is set (the service principal it belongs to)');
  }
  return problems;
}

/** Reads and validates the configuration; throws one `ConfigError` listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: LoadConfigOptions = {}): NetPilotConfig {
  const result = envSchema.safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    // Secrets: say only that the value is wrong; zod messages never echo the value, custom ones might.
    return SECRET_KEYS.has(key) ? `${key}: invalid value` : `${key}: ${issue.message}`;
  });
  problems.push(...crossKeyProblems(env, options.role ?? 'bot'));
  if (!result.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const e = result.data;
  const cwd = options.cwd ?? process.cwd();
  const azureEnvironment = e.AZURE_ENVIRONMENT ?? 'AzureCloud';
  const cloud = AZURE_ENVIRONMENTS[azureEnvironment];
  const emulatorUrl = e.NETPILOT_EMULATOR_URL?.replace(/\/+$/, '');
  const productionRules = e.AZURE_SUBSCRIPTION_IDS.length > 0;
  // Subscriptions + an emulator URL: production rules against that emulator (spec §8).
  const azureMode: AzureMode = emulatorUrl ? 'emulator-external' : productionRules ? 'azure' : 'emulator-in-process';
  const appTenantId = e.MicrosoftAppTenantId?.toLowerCase();
  const allowedTenants = e.ALLOWED_TENANTS.length > 0 ? e.ALLOWED_TENANTS
    : productionRules && appTenantId ? [appTenantId] : [];
  return {
    azureMode,
    azureEnvironment,
    armEndpoint: cloud.armEndpoint,
    armScope: cloud.armScope,
    subscriptionIds: e.AZURE_SUBSCRIPTION_IDS,
    emulatorUrl,
    emulatorPort: e.NETPILOT_EMULATOR_PORT,
    emulatorSpeed: e.NETPILOT_EMULATOR_SPEED ?? options.defaultEmulatorSpeed ?? 20,
    fleetFile: e.NETPILOT_FLEET ? resolve(cwd, e.NETPILOT_FLEET) : undefined,
    dataDir: resolve(cwd, e.NETPILOT_DATA_DIR ?? './.netpilot'),
    pollSeconds: e.NETPILOT_POLL_SECONDS ?? 15,
    port: e.PORT ?? 3978,
    playground: e.NETPILOT_PLAYGROUND !== '0',
    logLevel: e.LOG_LEVEL ?? 'info',
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType ?? 'MultiTenant',
      appTenantId: e.MicrosoftAppTenantId,
    },
    requesters: e.REQUESTERS,
    approvers: e.APPROVERS,
    allowSelfApproval: e.ALLOW_SELF_APPROVAL,
    approvalTtlMinutes: e.APPROVAL_TTL_MINUTES ?? 240,
    botExecute: e.BOT_EXECUTE,
    allowedTenants,
    productionRules,
    viewers: e.VIEWERS,
    approvalChannel: e.NETPILOT_APPROVAL_CHANNEL,
    runCommand: e.NETPILOT_RUN_COMMAND,
    azureIdentity: { clientId: e.AZURE_CLIENT_ID, tenantId: e.AZURE_TENANT_ID, clientSecret: e.AZURE_CLIENT_SECRET },
    store: { kind: e.NETPILOT_STORE ?? 'sqlite', connectionString: e.AZURE_STORAGE_CONNECTION_STRING, accountUrl: e.AZURE_STORAGE_ACCOUNT_URL },
    digest: { day: e.NETPILOT_DIGEST_DAY ?? DEFAULT_DIGEST_SCHEDULE.day, hour: e.NETPILOT_DIGEST_HOUR ?? DEFAULT_DIGEST_SCHEDULE.hour },
    leaseSeconds: e.NETPILOT_LEASE_SECONDS ?? 30,
    telemetry: e.NETPILOT_OTEL === 'off' ? { exporter: 'off' }
      : e.APPLICATIONINSIGHTS_CONNECTION_STRING ? { exporter: 'azure-monitor', connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING }
        : { exporter: e.NETPILOT_OTEL ?? 'off' },
  };
}

/** A one-line-per-setting summary for start-up logs; secrets are shown only as "(set)". */
export function describeConfig(config: NetPilotConfig): string {
  const list = (xs: string[]) => (xs.length > 0 ? xs.join(',') : '(none)');
  const lines = [
    `mode=${config.azureMode} rules=${config.productionRules ? 'production' : 'demo'}`,
    config.azureMode === 'azure'
      ? `azure=${config.azureEnvironment} ${config.armEndpoint} subscriptions=${list(config.subscriptionIds)}`
      : config.azureMode === 'emulator-external'
        ? `emulator=${config.emulatorUrl}${config.productionRules ? ` subscriptions=${list(config.subscriptionIds)}` : ''}`
        : `emulator=in-process fleet=${config.fleetFile ?? '(demo)'} speed=${config.emulatorSpeed} port=${config.emulatorPort ?? '(ephemeral)'}`,
    `dataDir=${config.dataDir}`,
    `port=${config.port} playground=${config.playground ? 'on' : 'off'} logLevel=${config.logLevel} poll=${config.pollSeconds}s`,
    `bot appId=${config.bot.appId ?? '(none: inbound auth off)'} appType=${config.bot.appType} tenant=${config.bot.appTenantId ?? '(none)'} password=${config.bot.appPassword ? '(set)' : '(unset)'}`,
    `approvers=${list(config.approvers)} requesters=${list(config.requesters)} selfApproval=${config.allowSelfApproval} ttl=${config.approvalTtlMinutes}m execute=${config.botExecute}`,
    `allowedTenants=${list(config.allowedTenants)} viewers=${list(config.viewers)} approvalChannel=${config.approvalChannel ?? '(unset)'}`,
    `runCommand=${config.runCommand} store=${config.store.kind} azureClientId=${config.azureIdentity.clientId ?? '(unset)'} azureClientSecret=${config.azureIdentity.clientSecret ? '(set)' : '(unset)'}`,
    `digest=${WEEKDAYS[config.digest.day].slice(0, 3)} ${String(config.digest.hour).padStart(2, '0')}:00 UTC`,
    `leaseSeconds=${config.leaseSeconds} telemetry=${config.telemetry.exporter}`,
  ];
  return lines.join('\n');
}

/** Environment with `.env` at `path` merged under `env` (env wins); `env` itself is not mutated. */
export function loadDotEnv(path: string, env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  if (!existsSync(path)) return { ...env };
  const parsed = parseDotEnv(readFileSync(path, 'utf8'));
  const merged: Record<string, string | undefined> = { ...parsed };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}
