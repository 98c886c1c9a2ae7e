import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { APP_LINK_SCHEME } from '../core/handoff/links';

const here = import.meta.dirname;
const { $comment: _comment, ...config } = JSON.parse(readFileSync(path.join(here, 'electron-builder.json'), 'utf8')) as Record<
  string,
  unknown
> & {
  files: string[];
  icon: string;
  protocols: { schemes: string[] }[];
  mac: { target: unknown[] };
  win: { target: unknown[] };
  linux: { target: unknown[] };
};

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation (no download needed)", async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
    // The same check refuses a configuration with a mistake in it.
    await expect(
      validateConfiguration({ ...config, mac: { ...config.mac, categry: 'x' } } as never, new DebugLogger(false)),
    ).rejects.toThrow();
  });

  it('packages the built app for the three platforms with an icon of at least 512 px', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']));
    expect([config.mac.target, config.win.target, config.linux.target].every((t) => t.length > 0)).toBe(true);
    const icon = readFileSync(path.resolve(here, '..', config.icon));
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(icon.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
  });

  it('declares the scheme of links into the app, which macOS and Linux read from the package', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([APP_LINK_SCHEME]);
  });

  it("points at the files the build writes and package.json's main", () => {
    const pkg = JSON.parse(readFileSync(path.resolve(here, '../package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('dist-electron/main.js');
    expect(pkg.scripts.dist).toContain('electron-builder');
    expect(existsSync(path.resolve(here, '../vite.config.ts'))).toBe(true);
  });
});
