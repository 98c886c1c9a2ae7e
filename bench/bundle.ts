/** Figure 6: the renderer bundle's size, gzipped (every .js and .css in dist/renderer/assets). */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, type Figure } from './util';

const ROOT = path.resolve(import.meta.dirname, '..');
const RENDERER_DIST = path.join(ROOT, 'dist/renderer');

/** The newest modification time of a source file under `dir`. */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(tsx?|css|html)$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

export async function bundleFigure(): Promise<Figure> {
  let built = 'existing build';
  if (!existsSync(RENDERER_DIST)) {
    process.stderr.write('dist/renderer is missing: building the renderer (vite build)…\n');
    const result = spawnSync('npx', ['vite', 'build'], {
      cwd: ROOT,
      env: { ...process.env, INSPECTOR_RENDERER_ONLY: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
    built = 'built now';
  }
  const assets = path.join(RENDERER_DIST, 'assets');
  const sums = { js: { raw: 0, gz: 0, files: 0 }, css: { raw: 0, gz: 0, files: 0 } };
  for (const name of await readdir(assets)) {
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : undefined;
    if (!kind) continue;
    const data = await readFile(path.join(assets, name));
    sums[kind].raw += data.length;
    sums[kind].gz += gzipSync(data).length;
    sums[kind].files += 1;
  }
  const total = sums.js.gz + sums.css.gz;
  // Browser mode (figure 4) serves this same build, so say when it is older than the sources.
  const builtAt = (await stat(path.join(RENDERER_DIST, 'index.html'))).mtimeMs;
  const sourcesAt = Math.max(await newestMtime(path.join(ROOT, 'renderer')), await newestMtime(path.join(ROOT, 'core')));
  const age =
    sourcesAt > builtAt
      ? `; STALE: built ${new Date(builtAt).toISOString()}, sources changed since (newest ${new Date(sourcesAt).toISOString()})`
      : '';
  return {
    name: 'bundle',
    line:
      `bundle: renderer gzip = ${fmt.kb(total)} (js ${fmt.kb(sums.js.gz)} in ${sums.js.files} file(s), css ${fmt.kb(sums.css.gz)} in ${sums.css.files}; ` +
      `raw ${fmt.kb(sums.js.raw + sums.css.raw)}; ${built}${age}) — no goal given`,
  };
}
