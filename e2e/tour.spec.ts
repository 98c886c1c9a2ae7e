import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startInspectorWeb, type RunningServer } from './server';
import { SANDBOX_APP_SECRET } from '../core/sandbox/emulator';
import { SAMPLE_MESSAGE_IDS } from '../core/sandbox/fixtures/messages';
import { MESSAGE_LABELS, type MessageLabels } from '../core/messages/labels';
import { en, type Messages } from '../renderer/i18n/en';
import { zhCN } from '../renderer/i18n/zh-CN';

/**
 * The visual tour (issue 6): every main screen in both languages and both themes, each checked
 * for what a user would notice (its key element, no raw i18n key or `{{…}}`, no string of the
 * other language, nothing wider than the window, no secret) and photographed. Screenshots go to
 * the test output folder; with INSPECTOR_TOUR_OUT=<folder> (`npm run tour`) they are written
 * there as <screen>-<lang>-<theme>.png, which is where the README's come from.
 */

const outDir = process.env.INSPECTOR_TOUR_OUT ? path.resolve(process.env.INSPECTOR_TOUR_OUT) : undefined;

type Language = 'en' | 'zh-CN';
const STRINGS: Record<Language, Messages> = { en, 'zh-CN': zhCN };

/** `{{name}}` filled in, as i18next does. */
/** A string with its `{{name}}` / `{{name, format}}` filled; numbers grouped as both languages group them (12,345). */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, name: string) => {
    const value = values[name];
    return typeof value === 'number' ? value.toLocaleString('en') : String(value);
  });
}

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`),
  );
}
const enStrings = new Map(flatten(en as unknown as Tree));
const zhStrings = new Map(flatten(zhCN as unknown as Tree));

/** Dotted words that look like an i18n key, e.g. `batch.title` or `samples.someNewKind`. */
const keyLikePattern = new RegExp(`(?<![\\w./-])(?:${Object.keys(en).join('|')})(?:\\.[A-Za-z]\\w*)+(?![\\w/-])`, 'g');
/** Paths of en's objects (`batch`, `error.kind`): a key-like word under one of them is a key i18next could not find. */
const enObjects = new Set(
  flatten(en as unknown as Tree).flatMap(([key]) =>
    key
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
  ),
);
/** What i18next shows for a missing key is the key itself (plural suffixes dropped): a raw key is a known key or sits under a known object. */
function rawKeys(text: string): string[] {
  return [...text.matchAll(keyLikePattern)]
    .map((m) => m[0])
    .filter((word) => enStrings.has(word) || enObjects.has(word) || enObjects.has(word.slice(0, word.lastIndexOf('.'))));
}

/**
 * A whole-text matcher for each string that differs between the languages: seeing one means the
 * other language leaked in. Strings with `{{…}}` count only when their fixed words are long
 * enough to say something, and in the Chinese UI what fills a gap is not Chinese.
 */
function otherLanguageMatchers(language: Language): { key: string; pattern: RegExp }[] {
  const [other, mine] = language === 'en' ? [zhStrings, enStrings] : [enStrings, zhStrings];
  const gap = language === 'zh-CN' ? '[^\\p{Script=Han}]+' : '.+';
  return [...other]
    .filter(([key, value]) => value !== mine.get(key) && /\p{L}{2}/u.test(value))
    .filter(([, value]) => !value.includes('{{') || value.replace(/\{\{\w+\}\}/g, '').replace(/[^\p{L}]/gu, '').length >= 6)
    .map(([key, value]) => {
      const parts = value.split(/\{\{\w+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return { key, pattern: new RegExp(`^${parts.join(gap)}$`, 'su') };
    });
}

/**
 * The bracket labels of the other language's message renderings (`[image …`, `[合并转发]`): tree
 * rows and batch rows are previews made with them, and must speak the screen's language.
 */
function otherLanguageLabels(language: Language): RegExp {
  const other = MESSAGE_LABELS[language === 'en' ? 'zh-CN' : 'en'];
  const names = [...Object.values(other.kinds), other.button, other.cover].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\[(?:${names.join('|')})(?=[\\s\\]:：])`, 'gu');
}

// The tour saves a profile and runs batches, which are server-wide: it has a server of its own,
// with a profile whose secret is typed once, so every screen can be checked for it.
let web: RunningServer;
const PROFILE = { name: 'Support bot', appId: 'cli_a5f1c2d3e4b60789' };
const MASKED_SECRET = `••••${SANDBOX_APP_SECRET.slice(-4)}`;
test.beforeAll(async ({ browser }) => {
  web = await startInspectorWeb();
  const page = await browser.newPage();
  await page.goto(web.url);
  await page.getByTestId('manage-profiles').click();
  const dialog = page.getByTestId('profiles-dialog');
  await dialog.getByTestId('profile-name').fill(PROFILE.name);
  await dialog.getByTestId('profile-app-id').fill(PROFILE.appId);
  await dialog.getByTestId('profile-secret').fill(SANDBOX_APP_SECRET);
  await dialog.locator('button[type=submit]').click();
  await expect(dialog.getByTestId('profile-secret')).toHaveAttribute('placeholder', new RegExp(MASKED_SECRET));
  await page.close();
});
test.afterAll(async () => {
  await web.stop();
});

interface Screen {
  name: string;
  /** Brings the screen up from the freshly loaded app; returns the element the screen is about. */
  open: (page: Page, s: Messages, labels: MessageLabels) => Promise<Locator>;
}

const BATCH_IDS = [
  'om_dc13264520392913993dd051dba21dcf',
  'om_x100b4b2f3e4d5c6b7a8998a7b6c5d4',
  'om_error_230002',
  'om_x100b4d2e9f0a1b2c3d4e5f60718293',
  'om_x100b9a11e02b057a110000000000000',
  'om_error_230110',
];

async function lookUp(page: Page, text: string): Promise<void> {
  await page.getByTestId('lookup-input').fill(text);
  await page.keyboard.press('Enter');
}

async function finishedBatch(page: Page, s: Messages): Promise<Locator> {
  await lookUp(page, BATCH_IDS.join(' '));
  await page.getByTestId('run-as-batch').click();
  const panel = page.getByTestId('batch-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(fill(s.batch.title_other, { count: BATCH_IDS.length }));
  await expect(panel.getByTestId('batch-stats')).toContainText(s.batch.finished);
  // Up to the rate, which varies from run to run.
  const counts = fill(s.batch.stats, { done: BATCH_IDS.length, failed: 2, remaining: 0, rate: '' }).split(' · ')[0]!;
  await expect(panel.getByTestId('batch-stats')).toContainText(counts);
  return panel;
}

const screens: Screen[] = [
  {
    name: 'empty',
    open: async (page, s) => {
      const empty = page.getByRole('region', { name: s.empty.title });
      await expect(empty.getByRole('listitem')).toHaveCount(SAMPLE_MESSAGE_IDS.length);
      await expect(empty.getByRole('button', { name: SAMPLE_MESSAGE_IDS[0]!.messageId })).toBeVisible();
      await expect(empty).toContainText(s.samples.mergeForward);
      return empty;
    },
  },
  {
    name: 'rendered',
    open: async (page, s) => {
      await lookUp(page, 'om_d4be107c616aed9c1da8ed8068570a9f');
      const rendered = page.getByTestId('rendered-message');
      await expect(rendered).toContainText('Release 2.4 notes');
      await expect(page.getByRole('tab', { name: s.view.rendered })).toHaveAttribute('aria-selected', 'true');
      return rendered;
    },
  },
  {
    name: 'json',
    open: async (page, s) => {
      await lookUp(page, 'om_dc13264520392913993dd051dba21dcf');
      await page.getByRole('tab', { name: s.view.json }).click();
      const json = page.getByTestId('content-json');
      await expect(json).toContainText('"test content"');
      return json;
    },
  },
  {
    name: 'tree',
    open: async (page, s, labels) => {
      await lookUp(page, 'om_x100b9a11e20f04a4dee000000000000');
      const tree = page.getByTestId('forward-tree');
      await expect(tree.getByRole('heading')).toHaveText(
        fill(s.tree.heading_other, { count: 12, levels: fill(s.tree.levels_other, { count: 4 }) }),
      );
      await expect(tree.getByRole('treeitem', { level: 1 })).toContainText(`[${labels.kinds.merge_forward}] Merged and Forwarded Message`);
      await tree.getByRole('button', { name: s.json.expandAll }).click();
      await expect(tree.getByRole('treeitem')).toHaveCount(13);
      const grandchild = tree.getByRole('treeitem', { level: 3 }).filter({ hasText: 'Forwarding the thread from finance.' });
      await grandchild.click();
      await expect(grandchild).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('rendered-message')).toHaveText('Forwarding the thread from finance.');
      return tree;
    },
  },
  {
    name: 'error',
    open: async (page, s) => {
      await lookUp(page, 'om_error_99991672');
      const panel = page.getByTestId('error-panel');
      await expect(panel.getByTestId('error-code')).toHaveText('99991672');
      await expect(panel.getByRole('heading', { name: s.error.steps })).toBeVisible();
      await expect(panel.getByTestId('error-steps').getByRole('listitem').first()).toBeVisible();
      await expect(panel.getByRole('link', { name: s.error.applyScopes })).toHaveAttribute('href', /im:message/);
      return panel;
    },
  },
  {
    name: 'batch',
    open: async (page, s, labels) => {
      const panel = await finishedBatch(page, s);
      const forward = panel.getByTestId('batch-row').filter({ hasText: 'merge_forward' });
      await expect(forward).toContainText(`[${labels.kinds.merge_forward}] Merged and Forwarded Message`);
      const failed = panel.getByTestId('batch-row').filter({ has: page.getByRole('button', { name: s.batch.retry, exact: true }) });
      await expect(failed).toHaveCount(2);
      await expect(panel.getByRole('button', { name: fill(s.batch.retryFailed_other, { count: 2 }) })).toBeVisible();
      return panel;
    },
  },
  {
    name: 'export',
    open: async (page, s) => {
      const panel = await finishedBatch(page, s);
      const format = panel.getByRole('combobox', { name: s.batch.format });
      await format.selectOption('markdown');
      await expect(format.locator('option:checked')).toHaveText('Markdown');
      const download = page.waitForEvent('download');
      await panel.getByTestId('batch-export').click();
      expect((await download).suggestedFilename()).toMatch(/\.md$/);
      const toast = page.getByTestId('toasts');
      await expect(toast).toHaveText(fill(s.batch.downloading, { format: 'Markdown' }));
      return toast;
    },
  },
  {
    name: 'profiles',
    open: async (page, s) => {
      await page.getByRole('button', { name: s.profiles.manage }).click();
      const dialog = page.getByTestId('profiles-dialog');
      await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(s.profiles.title);
      await expect(dialog.getByRole('button', { name: new RegExp(`^${PROFILE.name}`) })).toContainText(MASKED_SECRET);
      await expect(dialog.getByRole('heading', { level: 3 })).toHaveText(fill(s.profiles.editing, { name: PROFILE.name }));
      const secret = dialog.getByTestId('profile-secret');
      await expect(secret).toHaveValue('');
      await expect(secret).toHaveAttribute('placeholder', fill(s.profiles.secretKept, { masked: MASKED_SECRET }));
      await expect(dialog.getByTestId('secret-storage-warning')).toContainText(s.profiles.reasonBrowserMode);
      return dialog;
    },
  },
];

/** Everything a user can read on the page: visible text plus placeholders, labels, titles, and input values. */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[placeholder], [aria-label], [title]')].flatMap((el) =>
      ['placeholder', 'aria-label', 'title'].map((name) => el.getAttribute(name) ?? ''),
    );
    const values = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
    return [document.body.innerText, ...attributes, ...values].join('\n');
  });
}

/**
 * The UI's own words: the trimmed texts of elements that hold text themselves, and the labels a
 * screen reader reads; not the message's content or API values, which are in any language.
 */
async function uiTextPieces(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pieces = new Set<string>();
    const content = '.rendered, .json-view, code, pre, .mono, .badge';
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest(content)) continue;
      if ([...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) {
        pieces.add((el as HTMLElement).innerText?.trim() ?? '');
      }
      for (const name of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(name)?.trim();
        if (value) pieces.add(value);
      }
    }
    return [...pieces].filter(Boolean);
  });
}

for (const language of ['en', 'zh-CN'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`tour in ${language}, ${theme} theme: every main screen reads right and fits`, async ({ page }, testInfo) => {
      test.slow(); // eight screens on one page
      const s = STRINGS[language];
      const foreign = otherLanguageMatchers(language);
      const foreignLabels = otherLanguageLabels(language);
      // Every load starts in this language and theme, with the content view at its default.
      await page.addInitScript(
        ({ lang, th }) => {
          localStorage.setItem('inspector.language', lang);
          localStorage.setItem('inspector.theme', th);
          localStorage.removeItem('inspector.contentMode');
        },
        { lang: language, th: theme },
      );
      await page.goto(web.url);

      for (const screen of screens) {
        await test.step(screen.name, async () => {
          await page.reload();
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          await expect(page.locator('html')).toHaveAttribute('lang', language);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.app.title);
          const key = await screen.open(page, s, MESSAGE_LABELS[language]);
          await expect(key).toBeVisible();

          // First the picture (a toast lasts a few seconds), with transitions run to their end.
          const file = `${screen.name}-${language}-${theme}.png`;
          const target = outDir ? path.join(outDir, file) : testInfo.outputPath(file);
          mkdirSync(path.dirname(target), { recursive: true });
          await page.screenshot({ path: target, animations: 'disabled' });
          await testInfo.attach(file, { path: target, contentType: 'image/png' });

          const text = await readableText(page);
          expect.soft(rawKeys(text), `raw i18n keys on ${screen.name}`).toEqual([]);
          expect.soft(text.match(/\{\{[^}]*\}\}/g) ?? [], `unfilled {{…}} on ${screen.name}`).toEqual([]);
          const pieces = await uiTextPieces(page);
          const leaked = pieces.flatMap((piece) => foreign.filter((f) => f.pattern.test(piece)).map((f) => `${f.key}: ${piece}`));
          expect.soft(leaked, `strings of the other language on ${screen.name} in ${language}`).toEqual([]);
          expect.soft(text.match(foreignLabels) ?? [], `message labels of the other language on ${screen.name} in ${language}`).toEqual([]);
          const html = await page.content();
          expect
            .soft(text.includes(SANDBOX_APP_SECRET) || html.includes(SANDBOX_APP_SECRET), `the sandbox secret on ${screen.name}`)
            .toBe(false);
          // Every token the sandbox issues: tenant (t-), app (a-), user (u-) and refresh (ur-) tokens.
          expect
            .soft(`${text}\n${html}`.match(/\b(?:[atu]|ur)-sandbox-[0-9a-f]{6,}/g) ?? [], `access tokens on ${screen.name}`)
            .toEqual([]);
          const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
          expect.soft(overflow, `pixels of ${screen.name} wider than the window`).toBeLessThanOrEqual(0);
        });
      }
    });
  }
}
