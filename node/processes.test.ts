import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isProcessRunning, npmLaunchers, watchLaunchers } from './processes';

const root = path.resolve(import.meta.dirname, '..');

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Every process below `pid`, from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, of] of rows) {
      if (of === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

describe('isProcessRunning', () => {
  it('is true for this process and a live child, false once the child has exited', async () => {
    expect(isProcessRunning(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    expect(isProcessRunning(child.pid!)).toBe(true);
    child.kill();
    await once(child, 'exit');
    expect(isProcessRunning(child.pid!)).toBe(false);
  });
});

describe('npmLaunchers', () => {
  it('is empty when npm did not start the process', () => {
    expect(npmLaunchers({})).toEqual([]);
  });
});

describe('watchLaunchers', () => {
  it('calls back once a launcher has ended, and not before', async () => {
    const launcher = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    let gone = 0;
    const stop = watchLaunchers([launcher.pid!], () => (gone += 1), 20);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(gone).toBe(0);
      launcher.kill();
      expect(await until(() => gone === 1, 5_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(gone).toBe(1);
    } finally {
      stop();
      launcher.kill();
    }
  });
});

describe.skipIf(process.platform === 'win32')('npm run inspector -- export, when npm is ended', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)(
    'a %s to npm ends the export too: no process left, no temp file, nothing written',
    async (signal) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'inspector-npm-'));
      const ids = path.join(dir, 'ids.txt');
      // The sandbox's pace (50/s) makes 3,000 lookups take a minute: long enough to be killed.
      writeFileSync(ids, Array.from({ length: 3000 }, (_, i) => `om_${i.toString(16).padStart(32, '0')}`).join('\n'));
      const out = path.join(dir, 'out.ndjson');
      const npm = spawn('npm', ['run', '--silent', 'inspector', '--', 'export', ids, '--out', out], {
        cwd: root,
        env: { ...process.env, INSPECTOR_CONFIG_DIR: mkdtempSync(path.join(tmpdir(), 'inspector-config-')) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const temp = () => readdirSync(dir).find((name) => name.endsWith('.tmp'));
      let tree: number[] = [];
      try {
        expect(await until(() => temp() !== undefined, 40_000)).toBe(true);
        tree = descendants(npm.pid!);
        // npm → sh → node (the worker, writing the export)
        expect(tree.length).toBeGreaterThanOrEqual(2);
        npm.kill(signal);
        expect(await until(() => tree.every((pid) => !isProcessRunning(pid)), 10_000)).toBe(true);
        expect(readdirSync(dir)).toEqual(['ids.txt']);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(readdirSync(dir)).toEqual(['ids.txt']); // nothing is still writing
        expect(stderr).toContain('export: cancelled; nothing written');
      } finally {
        for (const pid of [npm.pid!, ...tree]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
    60_000,
  );
});
