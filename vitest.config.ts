import { defineConfig } from 'vitest/config';

// Two projects: `unit` (no network, no server, no child process: the fast loop, `npm run test:unit`,
// enforced by test/unit-guard.ts) and `integration` (everything else: emulator, bot over HTTP, CLI
// processes, browsers). `npm test` runs both. A new test file is integration until listed here.
const UNIT_TESTS = [
  'test/architecture.test.ts',
  'test/unit-guard.test.ts',
  'test/bench/measure.test.ts',
  'test/bin/fresh-bundle.test.ts',
  'test/bot/activity-schema.test.ts',
  'test/bot/admission.test.ts',
  'test/bot/logger.test.ts',
  'test/bot/commands/parser.test.ts',
  'test/bot/commands/permissions.test.ts',
  'test/bot/progress/units.test.ts',
  'test/cards/*.test.ts',
  'test/deploy/azure-roles.test.ts',
  'test/emulator/router.test.ts',
  'test/i18n/*.test.ts',
  'test/manifest/build-manifest.test.ts',
  'test/manifest/command-lists.test.ts',
  'test/manifest/icons.test.ts',
  'test/services/approval/*.test.ts',
  'test/services/azure/cluster-directory.test.ts',
  'test/services/cluster/*.test.ts',
  'test/services/config.test.ts',
  'test/services/kubernetes/kubeconfig.test.ts',
  'test/services/kubernetes/unavailable-reason.test.ts',
  'test/services/retry/*.test.ts',
  'test/services/migration/plan.test.ts',
  'test/services/migration/watcher.test.ts',
  'test/services/planning/plan-path.test.ts',
  'test/services/preflight/*.test.ts',
  'test/services/store/audit-chain.test.ts',
  'test/services/store/sqlite-store.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.NETPILOT_VITEST_JSON
      ? ['default', ['json', { outputFile: process.env.NETPILOT_VITEST_JSON }]]
      : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS, setupFiles: ['test/unit-guard.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: UNIT_TESTS } },
    ],
  },
});
