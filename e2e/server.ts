import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Starts browser mode exactly as a user would (`inspector web --port 0`) and reads the URL it
 * prints as its first line. Specs that change server-wide state (sandbox faults) start their own.
 */
export async function startInspectorWeb(env: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'web', '--port', '0'],
    {
      cwd: root,
      // A config folder of its own: profiles and history of test runs never touch the user's.
      env: {
        ...process.env,
        FEISHU_APP_ID: '',
        FEISHU_APP_SECRET: '',
        INSPECTOR_CONFIG_DIR: mkdtempSync(path.join(tmpdir(), 'inspector-e2e-')),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('inspector web printed no URL within 120 s')), 120_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`inspector web exited with ${code} before printing its URL`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `inspector sandbox` on a free port: a Feishu emulator over HTTP, as a custom profile's base URL. */
export async function startSandboxServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`inspector sandbox exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
