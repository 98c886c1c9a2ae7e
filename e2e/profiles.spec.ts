import { expect, test, type Page } from '@playwright/test';
import { startInspectorWeb, startSandboxServer } from './server';

// Profiles are server-wide: this file has a server (and a sandbox to point a profile at) of its own.
test.describe.configure({ mode: 'serial' });

let web: Awaited<ReturnType<typeof startInspectorWeb>>;
let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
test.beforeAll(async () => {
  [web, sandbox] = await Promise.all([startInspectorWeb(), startSandboxServer()]);
});
test.afterAll(async () => {
  await Promise.all([web.stop(), sandbox.stop()]);
});

const SECRET = 'sandbox_secret';
const TOKEN = /t-sandbox-[0-9a-f]{32}/;

/** Everything that crossed the bridge, both ways, for the leak checks. */
function recordBridge(page: Page): string[] {
  const traffic: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) traffic.push(`${request.url()} ${request.postData() ?? ''}`);
  });
  page.on('response', async (response) => {
    if (response.url().includes('/api/')) traffic.push(await response.text().catch(() => ''));
  });
  return traffic;
}

test('a profile is created, tested, used and kept; its secret never reaches the page', async ({ page }) => {
  const traffic = recordBridge(page);
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(web.url);

  await page.getByTestId('manage-profiles').click();
  const dialog = page.getByTestId('profiles-dialog');
  await expect(dialog.getByTestId('secret-storage-warning')).toContainText('session only');
  await dialog.getByTestId('profile-name').fill('Local sandbox');
  await dialog.getByTestId('profile-domain').selectOption('custom');
  await dialog.getByTestId('profile-base-url').fill(sandbox.url);
  await dialog.getByTestId('profile-app-id').fill('cli_sandbox');
  await dialog.getByTestId('profile-secret').fill(SECRET);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status').first()).toContainText('Saved “Local sandbox”');
  await expect(dialog.getByTestId('profile-secret')).toHaveValue('');
  await expect(dialog.getByTestId('profile-secret')).toHaveAttribute('placeholder', /••••cret/);

  await dialog.getByTestId('profile-test').click();
  await expect(dialog.getByTestId('profile-test-result')).toContainText('Connected');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('profile-picker').selectOption({ label: 'Local sandbox (cli_sandbox, ••••cret)' });
  await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
  await page.getByTestId('raw-exchanges').locator('summary').first().click();
  for (const exchange of await page.getByTestId('exchange').all()) await exchange.locator('summary').click();

  // The active profile survives a reload (it is kept by the main side, not the page).
  await page.reload();
  await expect(page.getByTestId('profile-picker')).toHaveValue(/^p_/);
  await page.getByTestId('history-panel').locator('summary').click();
  await expect(page.getByTestId('history-row').first()).toContainText('test content');

  const dom = await page.content();
  for (const text of [dom, ...traffic]) {
    // The secret is typed into the form once; after that it must never come back from the main side.
    expect(text.replace(`"appSecret":"${SECRET}"`, ''), 'secret or token leaked').not.toContain(SECRET);
    expect(text).not.toMatch(TOKEN);
  }
});

test('profiles export without secrets, and the Sandbox cannot be deleted', async ({ page }) => {
  await page.goto(web.url);
  await page.getByTestId('manage-profiles').click();
  const dialog = page.getByTestId('profiles-dialog');
  // Both built-in profiles (the Sandbox and the Sandbox store app) are listed and cannot be picked for editing.
  const builtIns = dialog.getByRole('button', { name: /^Sandbox/ });
  await expect(builtIns).toHaveCount(2);
  for (const button of await builtIns.all()) await expect(button).toBeDisabled();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export…' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('Local sandbox');
  expect(text).not.toContain(SECRET);
});
