/** The Node host of InspectorService for the CLI and browser mode: conf files, env profile, global fetch. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { profileFromEnv } from '../core/profiles/env';
import { systemClock } from '../core/base/ports';
import { openStores } from '../core/app/stores';
import { InspectorService } from '../core/app/service';
import type { AppInfo } from '../core/api/contract';
import type { Sandbox } from '../core/sandbox/emulator';
import { createNodeStorePorts } from './stores/node-ports';
import { systemInfo } from '../node/system';
import { downloadFolderPort } from '../node/chat-export-port';
import { openWsSocket } from '../node/ws-socket';
import { eventSpillFiles } from '../node/event-spill';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Profiles and history live in the user's config folder (INSPECTOR_CONFIG_DIR overrides it, for
 * tests and portable setups). Secrets cannot be encrypted here, so they last for the session.
 * `options.sandbox`: the emulator behind the Sandbox profile, when the caller also serves it.
 */
export function createNodeService(
  host: AppInfo['host'],
  env: Record<string, string | undefined> = process.env,
  options: { sandbox?: Sandbox } = {},
): InspectorService {
  const ports = createNodeStorePorts(env.INSPECTOR_CONFIG_DIR ? { cwd: env.INSPECTOR_CONFIG_DIR } : {});
  return new InspectorService({
    stores: openStores(ports, systemClock),
    envProfile: profileFromEnv(env),
    fetch: (request, init) => fetch(request, init),
    clock: systemClock,
    host,
    version: packageVersion(),
    system: systemInfo(),
    openSocket: openWsSocket,
    liveSpill: eventSpillFiles(),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    // Browser mode exports whole chats for the page into a folder of its own, downloaded when done.
    ...(host === 'browser' ? { chatExports: downloadFolderPort() } : {}),
  });
}
