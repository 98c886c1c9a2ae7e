import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { SANDBOX_APP_SECRET } from '../core/sandbox/emulator';

const appUrl = () => process.env.INSPECTOR_URL!;
/** What a sandbox tenant_access_token looks like: none may be in a bundle. */
const SANDBOX_TOKEN = /t-sandbox-[0-9a-f]{8,}/;

test('a ticket bundle of a failure opens offline and shows the steps and the log ID, with no secret or token in it', async ({
  page,
  browser,
}) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_error_99991672');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('error-code')).toHaveText('99991672');
  const logId = (await page
    .getByTestId('error-panel')
    .getByText(/^\d{20,}[0-9A-F]+$/)
    .first()
    .textContent())!.trim();

  const download = page.waitForEvent('download');
  await page.getByTestId('save-ticket').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^ticket-om_error_99991672-\d{8}T\d{6}Z\.html$/);
  // Saved under its own name: a browser reads a file:// page by its extension.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ticket-')), saved.suggestedFilename());
  await saved.saveAs(file);
  const html = readFileSync(file, 'utf8');
  expect(html).not.toContain(SANDBOX_APP_SECRET);
  expect(html).not.toMatch(SANDBOX_TOKEN);
  expect(html).not.toMatch(/Bearer (?!«redacted»)/);

  // Offline, as the platform's support would open it: nothing fetched, nothing run.
  const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
  const reader = await context.newPage();
  const requests: string[] = [];
  reader.on('request', (request) => requests.push(request.url()));
  await reader.goto(`file://${file}`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('Feishu message support ticket');
  await expect(reader.getByRole('heading', { name: 'Steps to fix it' })).toBeVisible();
  await expect(reader.locator('ol.steps li').first()).toBeVisible();
  expect(await reader.locator('ol.steps li').count()).toBeGreaterThan(1);
  await expect(reader.locator('[data-part="facts"]')).toContainText(logId);
  // The message call is there (the token call too when this server had no token yet).
  await expect(
    reader.locator('[data-part="exchanges"] details summary').filter({ hasText: '/open-apis/im/v1/messages/om_error_99991672' }),
  ).toHaveCount(1);
  expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
  await context.close();
});

test('"Copy for chat" copies a summary that reads as Markdown', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
  await page.getByTestId('copy-for-chat').click();
  await expect(page.getByTestId('toasts')).toContainText('Copied: a summary for chat (Markdown)');

  const summary = await page.evaluate(() => navigator.clipboard.readText());
  // Blocks apart, so that each reads as its own paragraph when pasted.
  const lines = summary.trimEnd().split('\n\n');
  expect(lines[0]).toMatch(/^\*\*Feishu message\*\* `om_dc13264520392913993dd051dba21dcf` · `text` · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  expect(lines[1]).toMatch(/^Sender: .*`(?:ou|cli)_\w+`.* · Chat: `oc_\w+`$/);
  expect(lines).toContain('> test content');
  expect(lines.at(-1)).toBe('Open in the inspector: feishu-inspector://message/om_dc13264520392913993dd051dba21dcf?profile=sandbox');
  const html = marked.parse(summary, { async: false });
  expect(html).toContain('<strong>Feishu message</strong> <code>om_dc13264520392913993dd051dba21dcf</code>');
  expect(html).toContain('<blockquote>\n<p>test content</p>\n</blockquote>');
  expect(html).toContain('<p>Open in the inspector: feishu-inspector://message/om_dc13264520392913993dd051dba21dcf?profile=sandbox</p>');
});
