import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

/**
 * Starts browser mode exactly as a user would (`inspector web --port 0`), reads the URL it prints
 * as its first line, and hands it to the specs through INSPECTOR_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'web', '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, FEISHU_APP_ID: '', FEISHU_APP_SECRET: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`inspector web exited with ${code} before printing its URL`)));
    setTimeout(() => reject(new Error('inspector web printed no URL within 120 s')), 120_000);
  });
  process.env.INSPECTOR_URL = url;
  return async () => {
    child.kill('SIGTERM');
  };
}
