import { test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

/** Runs an `inspector` command that serves something and prints its URL as its first line. */
async function serve(args: string[], env: Record<string, string | undefined>): Promise<RunningServer> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`inspector ${args[0]} printed no URL within 120 s`)), 120_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`inspector ${args[0]} exited with ${code} before printing its URL`)));
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

/**
 * Starts browser mode exactly as a user would (`inspector web --port 0`). Specs that change
 * server-wide state (sandbox faults, profiles, batches) start their own.
 */
export function startInspectorWeb(env: Record<string, string> = {}): Promise<RunningServer> {
  // A config folder of its own: profiles and history of test runs never touch the user's.
  return serve(['web', '--port', '0'], {
    FEISHU_APP_ID: '',
    FEISHU_APP_SECRET: '',
    INSPECTOR_CONFIG_DIR: mkdtempSync(path.join(tmpdir(), 'inspector-e2e-')),
    ...env,
  });
}

/** `inspector sandbox` on a free port: a Feishu emulator over HTTP, as a custom profile's base URL. */
export function startSandboxServer(): Promise<RunningServer> {
  return serve(['sandbox', '--port', '0'], {});
}

/**
 * For a spec whose state is server-wide (batches share the app's rate limiter; sandbox faults
 * and the history belong to the server): its tests run one at a time on an `inspector web` of
 * their own. Call it at the top of the spec file; `url` is there once the tests run.
 */
export function serverOfOwn(): { readonly url: string } {
  test.describe.configure({ mode: 'serial' });
  let server: RunningServer | undefined;
  test.beforeAll(async () => {
    server = await startInspectorWeb();
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return {
    get url() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server.url;
    },
  };
}
