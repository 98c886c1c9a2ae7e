import { expect, test, type Page } from '@playwright/test';
import { renderSavedFile } from '../cli/render';
import {
  HOSTILE_FORWARD,
  HOSTILE_ITEMS,
  PWNED,
  inertnessProblems,
  MARKDOWN_VIEWERS,
  hostileMarkdownExport,
} from '../core/testing/hostile-markdown';

// Hostile Markdown exports, rendered by the viewers people open them in (raw HTML passed
// through), loaded into Chromium: nothing in them may run. A control shows that the same
// harness does see a script run when the Markdown is not made inert.

function hostileRender(): string {
  const result = renderSavedFile(
    JSON.stringify({ code: 0, msg: 'success', data: { items: [...HOSTILE_FORWARD, ...HOSTILE_ITEMS] } }),
    'markdown',
  );
  if (!result.ok) throw new Error(result.error);
  return result.output;
}

/** Loads the HTML with scripts allowed and reports what ran: the payloads' counter, dialogs, page errors. */
async function load(page: Page, html: string): Promise<{ ran: number; dialogs: string[]; problems: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`, { waitUntil: 'load' });
  // An image's error handler can fire just after load: give the page a moment to settle.
  await page.waitForTimeout(300);
  const ran = await page.evaluate((name) => Number((window as unknown as Record<string, unknown>)[name] ?? 0), PWNED);
  const problems = await page.evaluate<string[]>(`(${inertnessProblems.toString()})(document.body)`);
  return { ran, dialogs, problems };
}

for (const [source, markdown] of [
  ['the Markdown export', hostileMarkdownExport],
  ['inspector render --format markdown', async () => hostileRender()],
] as const) {
  for (const [viewer, render] of Object.entries(MARKDOWN_VIEWERS)) {
    test(`${source} of hostile messages runs no script in Chromium (${viewer})`, async ({ page }) => {
      const html = render(await markdown());
      const { ran, dialogs, problems } = await load(page, html);
      expect(ran).toBe(0);
      expect(dialogs).toEqual([]);
      expect(problems).toEqual([]);
      // The payloads are on the page, as text.
      await expect(page.locator('body')).toContainText(`<script>window.${PWNED}`);
    });
  }
}

test('control: the harness sees a script run when Markdown is not made inert', async ({ page }) => {
  const raw = `# Raw\n\ntext <img src=x onerror="window.${PWNED}=(window.${PWNED}||0)+1">\n\n<script>window.${PWNED}=(window.${PWNED}||0)+1; alert('ran')</script>\n`;
  for (const render of Object.values(MARKDOWN_VIEWERS)) {
    await page.goto('about:blank');
    const { ran, dialogs, problems } = await load(page, render(raw));
    expect(ran).toBe(2);
    expect(dialogs).toContain('ran');
    expect(problems).toContain('element <script>');
    page.removeAllListeners('dialog');
  }
});
