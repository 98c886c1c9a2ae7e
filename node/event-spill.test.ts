import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventSpillFiles, sweepOrphans } from './event-spill';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spill-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function read(reader: () => AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of reader()) text += chunk;
  return text;
}

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !test(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('eventSpillFiles', () => {
  it('keeps lines in order in a file only its owner can read; a snapshot reads what came before it', async () => {
    const dir = folder();
    const spill = eventSpillFiles(dir)('p');
    for (let i = 1; i <= 1000; i += 1) spill.append(`{"seq":${i},"text":"片段 ${i}"}\n`);
    const before = spill.snapshot();
    spill.append('{"seq":1001}\n');
    const text = await read(before);
    expect(text.split('\n').filter(Boolean)).toHaveLength(1000);
    expect(text.endsWith('{"seq":1000,"text":"片段 1000"}\n')).toBe(true);
    expect(await read(spill.snapshot())).toBe(`${text}{"seq":1001}\n`);
    const [file] = readdirSync(dir);
    if (process.platform !== 'win32') expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);
    await spill.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the file for a snapshot taken before the session closed, until it has been read', async () => {
    const dir = folder();
    const spill = eventSpillFiles(dir)('p');
    spill.append('a\n');
    const snapshot = spill.snapshot();
    await spill.discard();
    spill.append('b\n');
    expect(await read(snapshot)).toBe('a\n');
    await until(() => readdirSync(dir).length === 0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says so when the lines could not be kept', async () => {
    const dir = folder();
    const spill = eventSpillFiles(path.join(dir, 'gone'))('p');
    spill.append('a\n');
    await expect(read(spill.snapshot())).rejects.toThrow(/could not be kept/);
  });

  it('removes the files of processes that are gone, and no others', async () => {
    const dir = folder();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const orphan = path.join(dir, `feishu-inspector-live-${gone}-x.ndjson`);
    const ours = path.join(dir, `feishu-inspector-live-${process.pid}-y.ndjson`);
    const other = path.join(dir, 'something-else.ndjson');
    for (const file of [orphan, ours, other]) writeFileSync(file, '{}\n');
    expect(await sweepOrphans(dir)).toEqual([path.basename(orphan)]);
    expect([orphan, ours, other].map((file) => existsSync(file))).toEqual([false, true, true]);
  });
});
