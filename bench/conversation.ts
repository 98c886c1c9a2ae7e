/**
 * The conversation view's first rows: a chat's ID typed in the lookup box and Enter pressed, in
 * browser mode in Chromium, to the first message row in the page with a laid-out box. The list call
 * pages 50 at a time and the list is virtualised, so a 10,000-message chat should open like a
 * small one. The yardstick is the sandbox's small group (36 messages): the sandbox has no chat of
 * exactly 100, and a smaller yardstick only makes the goal stricter.
 */

import { chromium, type Page } from '@playwright/test';
import { chromiumExecutable } from '../e2e/browser';
import { startInspectorWeb } from '../e2e/server';
import { LARGE_CHAT_ID, SMALL_CHAT_ID } from '../core/sandbox/fixtures/chats';
import { fmt, median, verdict, type Figure } from './util';

const RUNS = 9;

// Page scripts are strings: tsx's transform would add helpers (`__name`) that the page lacks.
const ARM = `(() => {
  const rowVisible = () => {
    const row = document.querySelector('[data-testid=conversation-row]');
    if (!row) return false;
    const box = row.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  window.__benchEnterAt = undefined;
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') window.__benchEnterAt ??= performance.now();
  }, { capture: true });
  window.__benchVisibleAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (rowVisible()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  return rowVisible();
})()`;

async function openOnce(page: Page, url: string, chatId: string): Promise<{ ms: number; rows: number; loaded: string }> {
  await page.goto(url);
  const input = page.getByTestId('lookup-input');
  await input.waitFor();
  if (await page.evaluate(ARM)) throw new Error('a conversation row is on the page before the chat is opened');
  await input.fill(chatId);
  await input.press('Enter');
  const visibleAt = (await page.evaluate('window.__benchVisibleAt')) as number;
  const enterAt = (await page.evaluate('window.__benchEnterAt')) as number | undefined;
  if (enterAt === undefined) throw new Error('the page saw no Enter');
  const rows = await page.getByTestId('conversation-row').count();
  const loaded = await page.getByTestId('conversation-status').innerText();
  return { ms: visibleAt - enterAt, rows, loaded };
}

export async function conversationFigure(): Promise<Figure> {
  const web = await startInspectorWeb();
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    // Warm-up: code loading and JIT, and the sandbox's one-off generation of the large group.
    await openOnce(page, web.url, SMALL_CHAT_ID);
    await openOnce(page, web.url, LARGE_CHAT_ID);
    const small: number[] = [];
    const large: number[] = [];
    let rows = { small: 0, large: 0 };
    for (let run = 0; run < RUNS; run += 1) {
      const a = await openOnce(page, web.url, SMALL_CHAT_ID);
      const b = await openOnce(page, web.url, LARGE_CHAT_ID);
      small.push(a.ms);
      large.push(b.ms);
      rows = { small: a.rows, large: b.rows };
    }
    const ratio = median(large) / median(small);
    const all = (values: number[]) => values.map((v) => v.toFixed(0)).join('/');
    return {
      name: 'conversation',
      line:
        `conversation: first rows on screen 10,000/36 messages = ${fmt.ratio(ratio)} ` +
        `(median of ${RUNS}, from Enter on the chat's ID to the first row with a box: ${fmt.ms(median(small))} vs ${fmt.ms(median(large))} ` +
        `[runs ${all(small)} / ${all(large)} ms]; rows in the DOM ${rows.small} vs ${rows.large}; the yardstick is the sandbox's ` +
        `36-message small group, there being no 100-message chat) — ${verdict('≤ 2', ratio <= 2)}`,
    };
  } finally {
    await browser.close();
    await web.stop();
  }
}
