import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests of the web console against the BUILT embedded platform (see e2e/fixtures.ts: one
 * platform per run on a free port, PGlite in a temp directory, demo data). Driven by Debian's
 * Chromium (`apt-get install -y chromium fonts-noto-cjk`); Playwright's own browser download is
 * not used. A missing browser fails the run — it never skips.
 *
 *   npm run test:browser                       # the suite (npm test runs it too)
 *   npm run test:browser -- --project=screenshots   # refresh docs/screenshots
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const jsonOutput = process.env.PLAYWRIGHT_JSON_OUTPUT;

export default defineConfig({
  testDir: 'e2e',
  // Each worker starts its own platform (e2e/fixtures.ts) and its spec files share that platform's
  // demo data. One by default; E2E_WORKERS=2 runs two platforms side by side.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: '../../dist/playwright/results',
  reporter: [['list'], ...(jsonOutput ? [['json', { outputFile: jsonOutput }] as const] : [])],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'browser', testIgnore: /screenshots\.spec\.ts/, use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
    { name: 'screenshots', testMatch: /screenshots\.spec\.ts/, use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
  ],
});
