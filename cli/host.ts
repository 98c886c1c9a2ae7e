/** The Node host of InspectorService for the CLI and browser mode: env profile, global fetch. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { profileFromEnv } from '../core/env-profile';
import { systemClock } from '../core/ports';
import { InspectorService } from '../core/service';
import type { AppInfo } from '../core/contract';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function createNodeService(host: AppInfo['host'], env: Record<string, string | undefined> = process.env): InspectorService {
  const fromEnv = profileFromEnv(env);
  return new InspectorService({
    profiles: { list: async () => (fromEnv ? [fromEnv.profile] : []) },
    secrets: { getSecret: async (profileId) => (fromEnv && profileId === fromEnv.profile.profileId ? fromEnv.secret : undefined) },
    fetch: (request) => fetch(request),
    clock: systemClock,
    host,
    version: packageVersion(),
  });
}
