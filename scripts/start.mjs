#!/usr/bin/env node
/**
 * `npm start`: build, then launch the desktop app. Where Electron's binary is missing (it is
 * downloaded on first launch, which some machines cannot do), say so in one line and open
 * browser mode instead, so the app still shows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (existsSync(pathFile)) {
    const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(binary)) return binary;
  }
  // Fetch it the way `npx electron` would; offline machines fail here and fall back.
  const install = spawnSync(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
  if (install.status === 0 && existsSync(pathFile)) {
    const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

const build = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = electronBinary();
if (binary) {
  const app = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    "Electron's binary is not installed and could not be downloaded here, so the desktop window cannot open: starting browser mode instead.",
  );
  const web = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'web'], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  createInterface({ input: web.stdout }).once('line', (url) => {
    console.log(`Open ${url}`);
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => web.kill(signal));
  web.on('exit', (code) => process.exit(code ?? 0));
}
