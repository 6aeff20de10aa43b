// The CLI's error and usage lines in English (ICU MessageFormat, rendered by i18n/render.ts);
// cli-errors-ja.ts holds the same ids (type) with the same arguments (test/i18n/catalogue.test.ts).

/** The English CLI error catalogue. */
export const cliErrorsEn = {
  'usage': 'usage: {usage}',
  'usage.title': 'usage:',
  'unknown-command': 'unknown command "{name}"',
  'unexpected-error': 'unexpected error: {message}',
  'unknown-option': 'Unknown option \'\'{option}\'\'',
  'option-value': 'Option \'\'{option}\'\' needs a value',
  'option-no-value': 'Option \'\'{option}\'\' does not take a value',
  'unexpected-positional': 'Unexpected argument \'\'{value}\'\'',
  'bad-arguments': 'the arguments could not be read',
  'missing-target': 'missing --target overlay|cilium',
  'unknown-target': 'unknown target "{value}" (expected overlay or cilium)',
  'unexpected-arguments': 'unexpected arguments: {args}',
  'snapshot-and-cluster': 'give either --snapshot FILE or CLUSTER, not both',
  'snapshot-or-cluster': 'give --snapshot FILE (offline) or a CLUSTER name (live)',
  'live-flags-with-snapshot': '-g/-s apply to a live CLUSTER, not to --snapshot',
  'snapshot-needs-file': '--snapshot needs a file name',
  'unknown-language': 'unknown language "{value}" (expected en or ja)',
  'missing-cluster': 'missing CLUSTER',
  'missing-goal': 'missing --to overlay|cilium',
  'unknown-goal': 'unknown goal "{value}" (expected overlay or cilium)',
  'json-and-csv': 'give --json or --csv, not both',
  'subscription-needs-id': '-s needs a subscription id',
  'missing-sub-command': 'missing sub-command',
  'unknown-audit-sub-command': 'unknown audit sub-command "{value}"',
  'no-store': 'no store at {file}',
  'no-store.hint': 'Set NETPILOT_DATA_DIR to the directory the bot uses (default ./.netpilot).',
  'no-store.hint-azure': 'Set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL to the storage account the bot uses.',
  'audit-not-chained': '{file}: the audit trail has no hash chain yet (schema version {version})',
  'audit-not-chained.hint': 'Start NetPilot once with this NETPILOT_DATA_DIR: it migrates the store and chains the existing entries.',
  'cluster-ambiguous': '"{query}" matches {count, plural, one {# cluster} other {# clusters}}: {names}',
  'cluster-ambiguous.candidate': '{resourceGroup}/{name} (subscription {subscriptionId})',
  'cluster-ambiguous.hint': 'Name one with -g RG (and -s SUB), RG/NAME or its full resource id.',
  'cluster-not-found': 'cluster "{name}" not found{resourceGroup, select, none {} other { in resource group {resourceGroup}}}{subscriptionId, select, none {} other {{resourceGroup, select, none { in} other {,}} subscription {subscriptionId}}}{suggestions, select, none {} other {; did you mean {suggestions}?}}',
  'cluster-not-found.hint': 'Check the name; use -g RG / -s SUB to pick the resource group and subscription.',
  'subscription-out-of-scope': 'fleet: subscription {subscriptionId} is not in AZURE_SUBSCRIPTION_IDS',
  'subscription-out-of-scope.hint': 'Use one of {configured}, or add it to AZURE_SUBSCRIPTION_IDS.',
} as const satisfies Record<string, string>;

/** An id of the CLI error catalogue. */
export type CliErrorId = keyof typeof cliErrorsEn;
