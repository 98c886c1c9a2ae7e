import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const appUrl = () => process.env.INSPECTOR_URL!;

/** A message of the sandbox's large group (10,000 messages), from the middle of it: 周丽 / Li Zhou, a text. */
const LARGE_MESSAGE = 'om_x100b1a26e01773c8ecfa412af1c875a';
const SMALL_CHAT = 'oc_sandbox_small_group';

const rows = (page: Page) => page.getByTestId('conversation-row');
const loadedCount = async (page: Page) => Number((await page.getByTestId('conversation-status').innerText()).replace(/[^\d]/g, ''));

/** Where the row is from the list's top edge, in pixels; undefined when it is not drawn. */
async function offsetInList(page: Page, messageId: string): Promise<number | undefined> {
  return page.getByTestId('conversation-list').evaluate((list, id) => {
    const row = list.querySelector(`[data-message-id="${id}"]`);
    return row ? row.getBoundingClientRect().top - list.getBoundingClientRect().top : undefined;
  }, messageId);
}

/** Scrolls the list to its top and answers the row drawn there once the list has drawn that position. */
async function scrollToTopRow(page: Page): Promise<string> {
  return page.getByTestId('conversation-list').evaluate(async (list) => {
    list.scrollTop = 0;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    await frame();
    await frame();
    const edge = list.getBoundingClientRect().top;
    const drawn = [...list.querySelectorAll('[data-message-id]')].map((row) => ({
      id: row.getAttribute('data-message-id')!,
      offset: Math.abs(row.getBoundingClientRect().top - edge),
    }));
    drawn.sort((a, b) => a.offset - b.offset);
    return drawn[0]!.id;
  });
}

async function setLook(page: Page, lang: string, theme: string) {
  await page.addInitScript(
    ({ lang, theme }) => {
      localStorage.setItem('inspector.language', lang);
      localStorage.setItem('inspector.theme', theme);
    },
    { lang, theme },
  );
}

test('a message’s conversation: centred on it, older and newer pages as the reader scrolls, rows open below', async ({ page }) => {
  test.setTimeout(90_000);
  await setLook(page, 'en', 'light');
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill(LARGE_MESSAGE);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lookup-result')).toBeVisible();
  await page.getByRole('button', { name: 'Show in conversation' }).click();

  const conversation = page.getByTestId('conversation');
  await expect(page.locator('#conversation-title')).toContainText('Chat');
  const anchor = page.locator(`[data-message-id="${LARGE_MESSAGE}"]`);
  await expect(anchor).toHaveClass(/anchor/);
  await expect(anchor).toBeInViewport();
  // The sender's name the platform gave, in the reader's language, not the ID.
  await expect(anchor.locator('.conversation-sender')).not.toContainText('ou_');
  const opened = await loadedCount(page);
  expect(opened).toBeGreaterThanOrEqual(80);

  // Up to the top of what is loaded: an older page comes in above, and the row that was at the top stays where it was.
  const list = page.getByTestId('conversation-list');
  let count = opened;
  for (let i = 0; i < 8; i++) {
    const top = await scrollToTopRow(page);
    await expect.poll(() => loadedCount(page)).toBeGreaterThan(count);
    count = await loadedCount(page);
    const moved = await offsetInList(page, top!);
    expect(moved, 'the row at the top after an older page came in').toBeDefined();
    expect(Math.abs(moved!)).toBeLessThan(60);
  }
  expect(count - opened).toBeGreaterThanOrEqual(300);

  // Down past the message: newer pages.
  const beforeNewer = count;
  for (let i = 0; i < 3; i++) {
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect.poll(() => loadedCount(page)).toBeGreaterThan(count);
    count = await loadedCount(page);
  }
  expect(count).toBeGreaterThan(beforeNewer);

  // The rows are in time order with no message twice (what is drawn of them).
  const drawn = await rows(page).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-message-id')));
  expect(new Set(drawn).size).toBe(drawn.length);

  // Keyboard: the list takes focus, arrows move, Enter shows the message below.
  await list.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const chosen = await page.locator('.conversation-row.selected').getAttribute('data-message-id');
  expect(chosen).toMatch(/^om_/);
  await expect(page.locator('.conversation-viewer').getByTestId('lookup-result')).toContainText(chosen!);

  // Back returns to the message, Forward to the conversation.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(conversation).toBeHidden();
  await expect(page.getByTestId('lookup-result')).toBeVisible();
});

test('a chat pasted by its ID opens at its newest; a thread, reactions, roots only', async ({ page }) => {
  await setLook(page, 'en', 'light');
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill(`see ${SMALL_CHAT} please`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conversation-status')).toContainText('messages loaded');
  await expect(page.getByText('The first message of the conversation.')).toBeVisible();
  // The newest row is on screen.
  await page.getByTestId('conversation-list').scrollIntoViewIfNeeded();
  await expect(rows(page).last()).toBeInViewport();
  const all = await loadedCount(page);

  await page.getByLabel('Show reactions').check();
  await expect(page.getByTestId('reactions').first()).toBeVisible();
  await expect(page.getByTestId('reactions').first()).toContainText(/\d/);

  await page.getByLabel('Thread roots only').check();
  await expect.poll(() => loadedCount(page)).toBeLessThan(all);
  await page.getByRole('button', { name: 'Open thread' }).first().click();
  await expect(page.locator('#conversation-title')).toContainText('omt_');
  await expect(page.locator('.conversation-row.reply').first()).toBeVisible();
});

test('a chat the bot is not in says 230002 and why, in Chinese, dark', async ({ page }) => {
  await setLook(page, 'zh-CN', 'dark');
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('oc_sandbox_bot_not_in_chat');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conversation').getByRole('alert')).toContainText('230002');
});

test('a link to a chat opens it in the conversation view', async ({ page }) => {
  await page.goto(`${appUrl()}#/chat/${SMALL_CHAT}?profile=sandbox`);
  await expect(page.getByTestId('conversation')).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
});

test('the small chat exported to HTML with its images inside, downloaded, opens offline with every message and image', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await setLook(page, 'en', 'light');
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill(SMALL_CHAT);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conversation-status')).toContainText('messages loaded');

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('chat-export-dialog');
  await dialog.getByLabel('HTML', { exact: true }).check();
  await dialog.getByLabel('Include each thread’s replies under its root').check();
  await dialog.getByLabel('Put images inside the HTML page').check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const saved = await download;
  await expect(page.getByTestId('chat-export-status')).toContainText(/Exported \d+ messages/);
  expect(saved.suggestedFilename()).toBe(`chat-${SMALL_CHAT}.html`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'chat-export-')), saved.suggestedFilename());
  await saved.saveAs(file);
  const html = readFileSync(file, 'utf8');
  expect(html).toContain('2.5 release room');

  const context = await browser.newContext({ offline: true });
  const reader = await context.newPage();
  const requests: string[] = [];
  reader.on('request', (request) => requests.push(request.url()));
  await reader.goto(`file://${file}`);
  // Every message of the chat, replies of its threads included (36 in the sandbox's small group).
  await expect(reader.locator('section.entry')).toHaveCount(36);
  const images = reader.locator('img[src^="data:image/"]');
  expect(await images.count()).toBeGreaterThanOrEqual(4);
  for (const image of await images.all())
    expect(await image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
  expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
  await context.close();
});
