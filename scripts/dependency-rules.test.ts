/**
 * The lint rules of `.dependency-cruiser.cjs` catch what they promise: run on a small tree made
 * for the purpose, each kind of violation is reported, and a tree that keeps the rules passes.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as IConfiguration;

const trees: string[] = [];
afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path → source) into a fresh folder and cruises it with the project's rules. */
async function violationsOf(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'depcruise-'));
  trees.push(dir);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  const roots = [...new Set(Object.keys(files).map((file) => file.split('/')[0]!))];
  const { output } = await cruise(roots, {
    ...config.options,
    baseDir: dir,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
  });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('the dependency rules of npm run lint', () => {
  it('pass a tree that keeps them', async () => {
    expect(
      await violationsOf({
        'core/base/lang.ts': 'export const LANGS = ["en"];\n',
        'core/app/service.ts': 'import { LANGS } from "../base/lang";\nexport const service = LANGS;\n',
        'node/files.ts': 'import { service } from "../core/app/service";\nexport const files = service;\n',
        'cli/main.ts': 'import { files } from "../node/files";\nexport const main = files;\n',
      }),
    ).toEqual([]);
  });

  it('catch a lower layer of core importing a higher one', async () => {
    const violations = await violationsOf({
      'core/base/lang.ts': 'import type { Service } from "../app/service";\nexport type Lang = Service;\n',
      'core/app/service.ts': 'export interface Service { name: string }\n',
    });
    expect(violations).toEqual(['layer-base: core/base/lang.ts → core/app/service.ts']);
  });

  it('catch a circular import, type-only ones included', async () => {
    const violations = await violationsOf({
      'core/export/common.ts': 'import type { Labels } from "./labels";\nexport interface Common { labels: Labels }\n',
      'core/export/labels.ts': 'import type { Common } from "./common";\nexport interface Labels { of: Common }\n',
    });
    expect(violations).toEqual([
      expect.stringMatching(/^no-circular: core\/export\/(common|labels)\.ts → core\/export\/(labels|common)\.ts$/),
    ]);
  });

  it('catch a file of core outside the layers, and core importing a host', async () => {
    const violations = await violationsOf({
      'core/loose.ts': 'import { main } from "../cli/main";\nexport const loose = main;\n',
      'cli/main.ts': 'export const main = 1;\n',
    });
    expect(violations).toEqual(
      expect.arrayContaining(['core-in-a-known-folder: core/loose.ts → cli/main.ts', 'core-runs-anywhere: core/loose.ts → cli/main.ts']),
    );
  });

  it('catch one host importing the other instead of the Node layer', async () => {
    const violations = await violationsOf({
      'electron/files.ts': 'import { write } from "../cli/atomic-write";\nexport const files = write;\n',
      'cli/atomic-write.ts': 'export const write = 1;\n',
    });
    expect(violations).toEqual(['hosts-apart-desktop: electron/files.ts → cli/atomic-write.ts']);
  });
});
