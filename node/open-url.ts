/**
 * Opens a URL in the system browser from a plain Node process (Electron has shell.openExternal),
 * where a desktop session seems to be there: macOS and Windows always, elsewhere when DISPLAY or
 * WAYLAND_DISPLAY is set. Rejects when it cannot (no opener, no desktop): the caller shows the link.
 */

import { spawn } from 'node:child_process';

export function systemBrowserOpener(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): ((url: string) => Promise<void>) | undefined {
  const command =
    platform === 'darwin'
      ? { file: 'open', args: [] as string[] }
      : platform === 'win32'
        ? // Not `start`: cmd would read the URL's & as a command separator.
          { file: 'rundll32', args: ['url.dll,FileProtocolHandler'] }
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? { file: 'xdg-open', args: [] as string[] }
          : undefined;
  if (!command) return undefined;
  return (url) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(command.file, [...command.args, url], { detached: true, stdio: 'ignore' });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
}
