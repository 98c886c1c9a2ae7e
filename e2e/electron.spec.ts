import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { INSPECTOR_METHODS } from '../core/api/contract';

/** Where the electron package keeps its binary, without triggering its download. */
function electronBinary(): string | undefined {
  const dir = path.resolve(import.meta.dirname, '../node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();

test.describe('desktop app (Electron)', () => {
  test.skip(
    !binary,
    'the Electron binary is not installed here (it cannot be downloaded on this machine); runs wherever `npx electron` works',
  );

  test('opens the window and looks up the seed example over IPC', async () => {
    const app = await electron.launch({ executablePath: binary, args: [path.resolve(import.meta.dirname, '../dist-electron/main.js')] });
    const window = await app.firstWindow();
    // Sandboxed, isolated, no Node: the page sees only the contract's methods.
    expect(
      await window.evaluate(() => [
        typeof (globalThis as { require?: unknown }).require,
        typeof (globalThis as { process?: unknown }).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
    expect(await window.evaluate(() => Object.keys((globalThis as unknown as { inspector: object }).inspector).sort())).toEqual(
      [...INSPECTOR_METHODS].sort(),
    );
    await window.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
    await window.keyboard.press('Enter');
    await expect(window.getByTestId('content-json')).toContainText('test content');
    await app.close();
  });
});
