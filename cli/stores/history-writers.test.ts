import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores } from '../../core/app/stores';
import { systemClock } from '../../core/base/ports';
import { createNodeStorePorts } from './node-ports';

const root = path.resolve(import.meta.dirname, '../..');
const PER_WRITER = 40;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'inspector-writers-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function startWriter(tag: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      path.join(root, 'cli/stores/testing/history-writer.ts'),
      dir,
      String(PER_WRITER),
      tag,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, ready, exited };
}

describe('history written by several processes at once', () => {
  it('keeps every lookup of three CLI processes and browser mode writing together', async () => {
    const writers = ['cli1', 'cli2', 'cli3'].map(startWriter);
    await Promise.all(writers.map((w) => w.ready));
    // Browser mode (`inspector web`) in this process, over the same files.
    const { history } = openStores(createNodeStorePorts({ cwd: dir }), systemClock);
    for (const writer of writers) writer.child.stdin!.write('go\n');
    for (let i = 0; i < PER_WRITER; i++) {
      await history.add({ messageId: `om_web_${i}`, profileId: 'sandbox', at: Date.now(), outcome: 'ok' });
      await history.flush();
      // Let the event loop turn, as a server between requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0, 0]);

    const { entries, total } = await openStores(createNodeStorePorts({ cwd: dir }), systemClock).history.list({ limit: 500 });
    const expected = ['cli1', 'cli2', 'cli3', 'web'].flatMap((tag) => Array.from({ length: PER_WRITER }, (_, i) => `om_${tag}_${i}`));
    expect(total).toBe(expected.length);
    expect(entries.map((e) => e.messageId).sort()).toEqual(expected.sort());
    // No lock or temp file is left behind.
    expect(readdirSync(dir).sort()).toEqual(['history.json']);
  }, 120_000);
});
