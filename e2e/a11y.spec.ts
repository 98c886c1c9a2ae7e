import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const appUrl = () => process.env.INSPECTOR_URL!;

const screens: { name: string; open: (page: Page) => Promise<void> }[] = [
  { name: 'empty', open: async () => undefined },
  {
    name: 'message',
    open: async (page) => {
      await page.getByTestId('lookup-input').fill('om_d4be107c616aed9c1da8ed8068570a9f');
      await page.keyboard.press('Enter');
      await page.getByTestId('rendered-message').waitFor();
    },
  },
  {
    name: 'json',
    open: async (page) => {
      await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: 'JSON' }).click();
      await page.getByTestId('content-json').waitFor();
    },
  },
  {
    name: 'tree',
    open: async (page) => {
      await page.getByTestId('lookup-input').fill('om_x100b9a11e20f04a4dee000000000000');
      await page.keyboard.press('Enter');
      await page.getByTestId('forward-tree').waitFor();
    },
  },
  {
    name: 'error',
    open: async (page) => {
      await page.getByTestId('lookup-input').fill('om_error_99991672');
      await page.keyboard.press('Enter');
      await page.getByTestId('error-panel').waitFor();
    },
  },
  {
    name: 'cannot reach',
    open: async (page) => {
      await page.getByTestId('lookup-input').fill('om_fault_dns');
      await page.keyboard.press('Enter');
      await page.getByTestId('unreachable-panel').waitFor();
    },
  },
  {
    name: 'offline',
    open: async (page) => {
      await page.context().setOffline(true);
      await page.getByTestId('offline-banner').waitFor();
    },
  },
  {
    name: 'profiles',
    open: async (page) => {
      await page.getByTestId('manage-profiles').click();
      await page.getByTestId('profiles-dialog').waitFor();
    },
  },
];

for (const theme of ['light', 'dark'] as const) {
  for (const screen of screens) {
    test(`${screen.name} in the ${theme} theme passes the automated accessibility check`, async ({ page }) => {
      await page.goto(appUrl());
      await page.evaluate((th) => {
        localStorage.setItem('inspector.theme', th);
        localStorage.setItem('inspector.language', 'en');
        localStorage.removeItem('inspector.contentMode');
      }, theme);
      await page.reload();
      await screen.open(page);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`);
      expect(summary).toEqual([]);
    });
  }
}
