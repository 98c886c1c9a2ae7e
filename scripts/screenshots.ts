/**
 * Takes screenshots of the main screens in both languages and themes, against the sandbox in
 * browser mode: `npx tsx scripts/screenshots.ts [outDir]` (default screenshots/). Look at them.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { chromiumExecutable } from '../e2e/browser';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'screenshots'));
mkdirSync(outDir, { recursive: true });

const server = spawn(
  process.execPath,
  [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'web', '--port', '0'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      FEISHU_APP_ID: '',
      FEISHU_APP_SECRET: '',
      INSPECTOR_CONFIG_DIR: mkdtempSync(path.join(tmpdir(), 'inspector-shots-')),
    },
  },
);
const url = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve));

const screens: { name: string; run: (page: Page) => Promise<void> }[] = [
  { name: 'empty', run: async () => undefined },
  {
    name: 'rendered',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_d4be107c616aed9c1da8ed8068570a9f');
      await page.keyboard.press('Enter');
      await page.getByTestId('rendered-message').waitFor();
    },
  },
  {
    name: 'json',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: /JSON/ }).click();
      await page.getByTestId('content-json').waitFor();
    },
  },
  {
    name: 'card',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_x100b4b2f3e4d5c6b7a8998a7b6c5d4');
      await page.keyboard.press('Enter');
      await page.getByTestId('rendered-message').waitFor();
    },
  },
  {
    name: 'tree',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_x100b9a11e20f04a4dee000000000000');
      await page.keyboard.press('Enter');
      await page
        .getByTestId('forward-tree')
        .getByRole('button', { name: /Expand all|全部展开/ })
        .click();
      await page.getByTestId('forward-tree').locator('[role=treeitem][aria-level="4"]').first().click();
    },
  },
  {
    name: 'card-forms',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_x100b9a11e17ca4d2000000000000000');
      await page.keyboard.press('Enter');
      await page.getByTestId('card-forms').getByRole('radio').nth(2).click();
      await page.getByTestId('card-raw_card_content').waitFor();
    },
  },
  {
    name: 'batch',
    run: async (page) => {
      const ids = [
        'om_dc13264520392913993dd051dba21dcf',
        'om_x100b4a1e2d3c4b5a69788796a5b4c3',
        'om_error_230002',
        'om_x100b4d2e9f0a1b2c3d4e5f60718293',
        'om_x100b9a11e02b057a110000000000000',
        'om_error_230110',
      ];
      await page.getByTestId('lookup-input').fill(ids.join(' '));
      await page.keyboard.press('Enter');
      await page.getByTestId('run-as-batch').click();
      await page
        .getByTestId('batch-stats')
        .filter({ hasText: /0 remaining|剩余 0/ })
        .waitFor();
    },
  },
  {
    name: 'profiles',
    run: async (page) => {
      await page.getByTestId('manage-profiles').click();
      await page.getByTestId('profiles-dialog').waitFor();
    },
  },
  {
    name: 'error',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_error_230013');
      await page.keyboard.press('Enter');
      await page.getByTestId('error-panel').waitFor();
    },
  },
  {
    name: 'unreachable',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_fault_dns');
      await page.keyboard.press('Enter');
      await page.getByTestId('unreachable-panel').waitFor();
    },
  },
  {
    name: 'offline',
    run: async (page) => {
      await page.getByTestId('lookup-input').fill('om_x100b4d2e9f0a1b2c3d4e5f60718293');
      await page.keyboard.press('Enter');
      await page.getByTestId('forward-tree').waitFor();
      await page.context().setOffline(true);
      await page.getByTestId('offline-banner').waitFor();
    },
  },
];

const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const language of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: language, colorScheme: theme });
      const page = await context.newPage();
      await page.goto(url);
      await page.evaluate(
        ([lang, th]) => {
          localStorage.setItem('inspector.language', lang);
          localStorage.setItem('inspector.theme', th);
        },
        [language, theme],
      );
      for (const screen of screens) {
        await page.evaluate(() => localStorage.removeItem('inspector.contentMode'));
        await page.reload();
        await screen.run(page);
        const file = path.join(outDir, `${screen.name}-${language}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await context.setOffline(false);
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
