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
import { loopbackPort } from '../node/loopback-port';
import { systemBrowserOpener } from '../node/open-url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Profiles and history live in the user's config folder (INSPECTOR_CONFIG_DIR overrides it, for
 * tests and portable setups). The command line keeps a signed-in user and a store app's ticket
 * with a key file, from one command to the next; browser mode keeps secrets for the session.
 * `options.sandbox`: the emulator behind the Sandbox profile, when the caller also serves it;
 * `options.openBrowser`: a sign-in opens the system browser where there seems to be one.
 */
export function createNodeService(
  host: AppInfo['host'],
  env: Record<string, string | undefined> = process.env,
  options: { sandbox?: Sandbox; openBrowser?: boolean } = {},
): InspectorService {
  const ports = createNodeStorePorts({
    ...(env.INSPECTOR_CONFIG_DIR ? { cwd: env.INSPECTOR_CONFIG_DIR } : {}),
    secrets: host === 'cli' ? 'key-file' : 'session',
  });
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
    // A sign-in listens for its redirect: `inspector login` opens the system browser only when asked,
    // browser mode: its page shows the sign-in link, which opens in the same browser.
    loopback: loopbackPort(host === 'cli' && options.openBrowser ? systemBrowserOpener(env) : undefined),
    // Browser mode exports whole chats for the page into a folder of its own, downloaded when done.
    ...(host === 'browser' ? { chatExports: downloadFolderPort() } : {}),
  });
}
