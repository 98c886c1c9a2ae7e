/**
 * The machine the main side runs on, as a ticket bundle names it for the platform's support:
 * the OS and its release, the CPU architecture and the runtime, and the local time zone.
 */

import os from 'node:os';

export function systemInfo(): { os: string; timeZone: string } {
  const runtime = process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`;
  return {
    os: `${os.type()} ${os.release()} ${process.arch} · ${runtime}`,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
