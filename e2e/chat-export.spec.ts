import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { serverOfOwn } from './server';

// The large group's export paces 200 pages through the app's rate limiter: a server of its own,
// so that no other spec's lookups wait behind it.
const server = serverOfOwn();

const LARGE_CHAT = 'oc_sandbox_large_group';
const LARGE_MESSAGE = 'om_x100b1a26e01773c8ecfa412af1c875a';

test('a whole-chat export goes on when its conversation is left: the tray follows it and the file downloads', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(server.url);
  await page.getByTestId('lookup-input').fill(LARGE_CHAT);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conversation-status')).toContainText('messages loaded');

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('chat-export-dialog');
  await dialog.getByLabel('NDJSON', { exact: true }).check();
  await dialog.getByLabel('Include each thread’s replies under its root').uncheck();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('chat-export-status')).toContainText('Exporting');

  // The user looks at a message meanwhile: the conversation view goes, the export does not.
  const download = page.waitForEvent('download', { timeout: 90_000 });
  await page.getByTestId('lookup-input').fill(LARGE_MESSAGE);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conversation')).toHaveCount(0);
  const tray = page.getByTestId('chat-exports-tray');
  await expect(tray).toContainText('Export of All hands');
  await expect(tray).toContainText('Exporting');

  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`chat-${LARGE_CHAT}.ndjson`);
  const lines = readFileSync((await saved.path())!, 'utf8')
    .trim()
    .split('\n');
  // Every root of the large group, no thread replies (not asked for), each once.
  const ids = lines.map((line) => (JSON.parse(line) as { lookup_id: string }).lookup_id);
  expect(new Set(ids).size).toBeGreaterThan(5_000);
  await expect(tray).toContainText(/Exported [\d,]+ messages: chat-oc_sandbox_large_group\.ndjson is downloading/);

  // Back to the conversation: the view shows its export again, the tray lets it go.
  await tray.getByRole('button', { name: 'Open the conversation' }).click();
  await expect(page.getByTestId('conversation')).toBeVisible();
  await expect(page.getByTestId('chat-export-status')).toContainText('Exported');
  await expect(tray).toHaveCount(0);
  await page.getByTestId('chat-export-status').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('chat-export-status')).toHaveCount(0);
});
