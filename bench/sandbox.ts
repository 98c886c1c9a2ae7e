/**
 * The sandbox as the benchmarks see it: the app's own service on its Sandbox profile, whose
 * emulator is wrapped like a network would be, recording every request it is handed and whether
 * the emulator's rate limiter took it; or `inspector sandbox` in a process of its own.
 */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { systemClock, type Clock, type FetchLike } from '../core/base/ports';
import { createSandbox, type Sandbox, type SandboxOptions } from '../core/sandbox/emulator';
import { InspectorService } from '../core/app/service';
import { memoryStores } from '../core/testing/memory-stores';
import { profileFromEnv } from '../core/profiles/env';
import type { ServicePorts } from '../core/app/service';

/** A request as it reached the sandbox. */
export interface Arrival {
  /** Epoch ms, the sandbox's clock: the time its limiter judged the request by. */
  at: number;
  method: string;
  url: URL;
  /** Answered 429 by the sandbox's limiter. */
  limited: boolean;
}

export interface RecordingSandbox {
  /** The emulator itself (its stats count what it served). */
  sandbox: Sandbox;
  /** Every request handed to it, in order of arrival. */
  arrivals: Arrival[];
  /** The app's service on its Sandbox profile, reaching the emulator through the recording. */
  service: InspectorService;
}

export function recordingSandbox(options: Omit<SandboxOptions, 'clock'> = {}): RecordingSandbox {
  // The sandbox reads the time through this clock. While the wrapping fetch below hands a request
  // over, the clock is held at the arrival time it records, so the recorded times are exactly the
  // ones the sandbox's limiter judged (a millisecond tick in between would skew the window counts).
  let heldAt: number | undefined;
  const sandboxClock: Clock = { now: () => heldAt ?? Date.now(), sleep: systemClock.sleep, after: systemClock.after };
  const sandbox = createSandbox({ ...options, clock: sandboxClock });
  const arrivals: Arrival[] = [];
  // The limiter check runs synchronously inside handle(), before its first await, so the stats
  // have moved by the time handle() returns its promise.
  const fetch: FetchLike = (request, init) => {
    const at = Date.now();
    const limitedBefore = sandbox.stats.rateLimited;
    heldAt = at;
    let response: Promise<Response>;
    try {
      response = sandbox.handle(request, init);
    } finally {
      heldAt = undefined;
    }
    arrivals.push({ at, method: request.method, url: new URL(request.url), limited: sandbox.stats.rateLimited !== limitedBefore });
    return response;
  };
  const wrapped: Sandbox = Object.assign(Object.create(sandbox) as Sandbox, { handle: fetch });
  const service = new InspectorService({
    stores: memoryStores(systemClock),
    fetch: () => Promise.reject(new Error('the benchmarks use only the sandbox')),
    clock: systemClock,
    host: 'browser',
    version: 'bench',
    sandbox: wrapped,
  });
  return { sandbox, arrivals, service };
}

const root = path.resolve(import.meta.dirname, '..');

/** `inspector sandbox` (with these options) in a child process: its base URL, and how to end it. */
export async function sandboxProcess(options: readonly string[] = []): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', ...options],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`inspector sandbox exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * The app's service with `appId` of the sandbox as its env profile and the sandbox at `url` as its
 * domain, reached by fetch over the network (what `--profile env` does); `extra` adds host ports.
 */
export function serviceOverSandbox(url: string, appId: string, secret: string, extra: Partial<ServicePorts> = {}): InspectorService {
  return new InspectorService({
    stores: memoryStores(systemClock),
    envProfile: profileFromEnv({ FEISHU_APP_ID: appId, FEISHU_APP_SECRET: secret, FEISHU_DOMAIN: url }),
    fetch: (request, init) => fetch(request, init),
    clock: systemClock,
    host: 'cli',
    version: 'bench',
    ...extra,
  });
}
