/**
 * Figure 4: a merge-forward opened offline in browser mode, in Chromium, to the first tree row
 * in the page with a laid-out box.
 *
 * The goal's figure is the tree's first paint: from the moment the file's messages are parsed
 * (the app's `inspector:messages-read` mark) to that row, 10,000 nodes ÷ 100. It is what the
 * tree decides: building it from `upper_message_id`, the virtualised rows, the first screen.
 * Reading and parsing the file come before it and grow with its bytes (4.8 MB vs 48 KB)
 * whatever the viewer does, so they are printed beside it (from setInputFiles and from the
 * input's change event) rather than hidden.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumExecutable } from '../e2e/browser';
import { startInspectorWeb } from '../e2e/server';
import type { ApiMessage } from '../core/feishu/types';
import { MESSAGES_READ_MARK } from '../renderer/features/lookup/marks';
import { epochNow, fmt, median, verdict, type Figure } from './util';

const SIZES = [100, 10_000] as const;
const RUNS = 9;

const SENDER = { id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', id_type: 'open_id', sender_type: 'user', tenant_key: '736588c9260f175e' };

/**
 * A saved API response: a merge-forward container and `total - 1` sub-messages in three levels.
 * Most are text directly under the container; every tenth is a nested forward of 8 texts and a
 * forward of 5 more inside it.
 */
export function forwardResponse(total: number): string {
  const items: ApiMessage[] = [];
  const base = 1_700_000_000_000;
  const push = (parent: number | undefined, type: 'text' | 'merge_forward'): number => {
    const index = items.length;
    items.push({
      message_id: `om_${index.toString(16).padStart(32, '0')}`,
      msg_type: type,
      create_time: String(base + index * 1000),
      update_time: String(base + index * 1000),
      deleted: false,
      updated: false,
      chat_id: 'oc_5ad11d72b830411d72b836c20',
      sender: SENDER,
      body: {
        content:
          type === 'text'
            ? JSON.stringify({ text: `Forwarded line ${index}: the quick brown fox jumps over the lazy dog` })
            : 'Merged and Forwarded Message',
      },
      ...(parent === undefined ? {} : { upper_message_id: items[parent]!.message_id }),
    });
    return index;
  };
  push(undefined, 'merge_forward');
  for (let k = 0; items.length < total; k += 1) {
    if (k % 10 !== 9) {
      push(0, 'text');
      continue;
    }
    const outer = push(0, 'merge_forward');
    for (let j = 0; j < 8 && items.length < total; j += 1) push(outer, 'text');
    if (items.length >= total) break;
    const inner = push(outer, 'merge_forward');
    for (let j = 0; j < 5 && items.length < total; j += 1) push(inner, 'text');
  }
  return JSON.stringify({ code: 0, msg: 'success', data: { items } });
}

// Page scripts are strings: tsx's transform would add helpers (`__name`) that the page lacks.
const ARM = `(() => {
  const rowVisible = () => {
    const row = document.querySelector('[data-testid=forward-tree] [role=treeitem]');
    if (!row) return false;
    const box = row.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  window.__benchChangeAt = undefined;
  document.addEventListener('change', () => { window.__benchChangeAt ??= performance.timeOrigin + performance.now(); }, { capture: true, once: true });
  window.__benchVisibleAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (rowVisible()) {
        observer.disconnect();
        resolve(performance.timeOrigin + performance.now());
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  return rowVisible();
})()`;

interface Open {
  /** From Node's setInputFiles call to the row in the page. */
  endToEndMs: number;
  /** From the input's change event in the page to the row. */
  inPageMs: number;
  /** From the messages parsed (the app's mark) to the row: the tree's first paint. */
  treeMs: number;
  /** Tree rows in the DOM once it settled (virtualised: a screenful, whatever the size). */
  rows: number;
}

async function openOnce(page: Page, url: string, file: string): Promise<Open> {
  await page.goto(url);
  const input = page.getByTestId('open-file-input');
  await input.waitFor({ state: 'attached' });
  if (await page.evaluate(ARM)) throw new Error('a tree row is already on the page before the file is opened');
  const t0 = epochNow();
  await input.setInputFiles(file);
  const visibleAt = (await page.evaluate('window.__benchVisibleAt')) as number;
  const changeAt = (await page.evaluate('window.__benchChangeAt')) as number | undefined;
  const readAt = (await page.evaluate(
    `(() => { const m = performance.getEntriesByName('${MESSAGES_READ_MARK}').at(-1); return m ? performance.timeOrigin + m.startTime : undefined; })()`,
  )) as number | undefined;
  if (readAt === undefined) throw new Error(`the page set no ${MESSAGES_READ_MARK} mark`);
  const rows = await page.locator('[data-testid=forward-tree] [role=treeitem]').count();
  if (rows === 0) throw new Error('no tree rows after opening the file');
  return {
    endToEndMs: visibleAt - t0,
    inPageMs: changeAt === undefined ? Number.NaN : visibleAt - changeAt,
    treeMs: visibleAt - readAt,
    rows,
  };
}

export async function treeFigure(): Promise<Figure> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'inspector-bench-'));
  const files = new Map<number, string>();
  for (const size of SIZES) {
    const file = path.join(dir, `forward-${size}.json`);
    await writeFile(file, forwardResponse(size));
    files.set(size, file);
  }
  const web = await startInspectorWeb();
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    // Warm-up: the first open pays for code loading and JIT.
    await openOnce(page, web.url, files.get(SIZES[0])!);
    const results = new Map<number, Open[]>(SIZES.map((s) => [s, []]));
    for (let run = 0; run < RUNS; run += 1) {
      for (const size of SIZES) results.get(size)!.push(await openOnce(page, web.url, files.get(size)!));
    }
    const [small, large] = SIZES.map((s) => results.get(s)!);
    const e2e = (opens: Open[]) => median(opens.map((o) => o.endToEndMs));
    const inPage = (opens: Open[]) => median(opens.map((o) => o.inPageMs));
    const tree = (opens: Open[]) => median(opens.map((o) => o.treeMs));
    const ratio = tree(large!) / tree(small!);
    const all = (opens: Open[]) => opens.map((o) => o.treeMs.toFixed(0)).join('/');
    return {
      name: 'tree',
      line:
        `tree: first paint ${fmt.int(SIZES[1])}/${fmt.int(SIZES[0])} nodes = ${fmt.ratio(ratio)} ` +
        `(median of ${RUNS}, from the messages parsed to the first row: ${fmt.ms(tree(small!))} vs ${fmt.ms(tree(large!))} [runs ${all(small!)} / ${all(large!)} ms]; ` +
        `with reading and parsing the file (48 KB vs 4.8 MB), from the page's change event ${fmt.ms(inPage(small!))} vs ${fmt.ms(inPage(large!))}, ` +
        `ratio ${fmt.ratio(inPage(large!) / inPage(small!))}, and from setInputFiles ${fmt.ms(e2e(small!))} vs ${fmt.ms(e2e(large!))}, ratio ${fmt.ratio(e2e(large!) / e2e(small!))}; ` +
        `rows in the DOM ${small![0]!.rows} vs ${large![0]!.rows}) ` +
        `— ${verdict('≤ 2', ratio <= 2)}`,
    };
  } finally {
    await browser.close();
    await web.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
