/**
 * Figure 3: one lookup through InspectorService (profile, client, limiter, token cache,
 * timeout, redacted exchange records, masking, history) against a raw request to the same
 * emulator: a bare fetch with a token in hand, read and JSON-parsed. The service keeps its
 * settings, secrets and history in files, as the hosts do (conf files in a temporary folder,
 * the app_secret encrypted by a stand-in for the keychain).
 *
 * The goal's figure is measured over loopback HTTP, as the service talks to the platform:
 * the sandbox emulator served on 127.0.0.1 (what `inspector sandbox` does) behind a saved
 * custom-domain profile, and the raw fetch to the same server. A second line calls the
 * emulator in-process on both sides, where a "request" is a function call of ~0.5 ms, to show
 * the service's own cost without any I/O to hide it.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeishuClient, MESSAGE_PATH, TOKEN_PATH } from '../core/feishu/client';
import { systemClock } from '../core/base/ports';
import { openStores } from '../core/app/stores';
import type { CipherPort } from '../core/profiles/secrets';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL } from '../core/sandbox/emulator';
import { SEED_MESSAGE_ID } from '../core/sandbox/fixtures/messages';
import { InspectorService } from '../core/app/service';
import { SANDBOX_PROFILE_ID } from '../core/profiles/types';
import { serveOnLoopback } from '../node/node-http';
import { createNodeStorePorts } from '../cli/stores/node-ports';
import { fmt, median, verdict, type Figure } from './util';

const WARM_UP = 100;
const SAMPLES = 300;

/** Stands in for the OS keychain. */
const plainCipher: CipherPort = {
  scheme: 'bench-plain-v1',
  available: async () => ({ ok: true, backend: 'bench', weak: false }),
  encrypt: async (plain) => btoa(plain),
  decrypt: async (base64) => atob(base64),
};

type Handler = (request: Request) => Promise<Response>;

function newService(
  sandbox: ReturnType<typeof createSandbox>,
  folder: string,
): { service: InspectorService; historyTotal: () => Promise<number> } {
  const stores = openStores({ ...createNodeStorePorts({ cwd: folder }), cipher: plainCipher }, systemClock);
  const service = new InspectorService({
    stores,
    fetch: (request, init) => fetch(request, init),
    clock: systemClock,
    host: 'browser',
    version: 'bench',
    sandbox,
  });
  return { service, historyTotal: async () => (await service.listHistory({})).total };
}

async function tokenFrom(handle: Handler, baseUrl: string): Promise<string> {
  const response = await handle(
    new Request(`${baseUrl}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET }),
    }),
  );
  return ((await response.json()) as { tenant_access_token: string }).tenant_access_token;
}

interface Timings {
  service: number[];
  raw: number[];
  client?: number[];
}

/**
 * Interleaved, alternating which goes first, so drift (GC, JIT, the CPU's clock) hits both alike.
 * The service paces every request by the app's limits (50 per second): spacing the calls out
 * keeps the figure about per-call overhead, not about waiting for the limiter.
 */
async function measure(service: () => Promise<void>, raw: () => Promise<void>, client?: () => Promise<void>): Promise<Timings> {
  const time = async (fn: () => Promise<void>) => {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  for (let i = 0; i < WARM_UP; i += 1) {
    await service();
    await raw();
    await client?.();
  }
  const timings: Timings = { service: [], raw: [], ...(client ? { client: [] } : {}) };
  for (let i = 0; i < SAMPLES; i += 1) {
    if (i % 2 === 0) {
      timings.service.push(await time(service));
      timings.raw.push(await time(raw));
    } else {
      timings.raw.push(await time(raw));
      timings.service.push(await time(service));
    }
    if (client) timings.client!.push(await time(client));
  }
  return timings;
}

function rawLookup(handle: Handler, url: string, token: string): () => Promise<void> {
  return async () => {
    const response = await handle(
      new Request(url, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' } }),
    );
    const body = JSON.parse(await response.text()) as { code?: number };
    if (body.code !== 0) throw new Error(`raw lookup failed: code ${body.code}`);
  };
}

function serviceLookup(service: InspectorService, profileId: string): () => Promise<void> {
  return async () => {
    const result = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId });
    if (!result.ok) throw new Error(`service lookup failed: ${result.failure.msg}`);
  };
}

/** Over loopback HTTP: the goal's figure. */
async function overHttp(): Promise<{ timings: Timings; history: number }> {
  const sandbox = createSandbox({ rateLimits: false });
  const server = await serveOnLoopback((request, init) => sandbox.handle(request, init));
  const folder = mkdtempSync(join(tmpdir(), 'inspector-bench-'));
  const { service, historyTotal } = newService(createSandbox({ rateLimits: false }), folder);
  try {
    const profile = await service.saveProfile({
      input: {
        name: 'Loopback sandbox',
        domain: 'custom',
        baseUrl: server.url,
        appId: SANDBOX_APP_ID,
        appSecret: SANDBOX_APP_SECRET,
        defaultUserIdType: 'open_id',
      },
      persistSecret: true,
    });
    const token = await tokenFrom((request) => fetch(request), server.url);
    const url = `${server.url}${MESSAGE_PATH}${SEED_MESSAGE_ID}?user_id_type=open_id`;
    const timings = await measure(
      serviceLookup(service, profile.profileId),
      rawLookup((request) => fetch(request), url, token),
    );
    return { timings, history: await historyTotal() };
  } finally {
    await service.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** In-process on both sides, with the client alone beside them to show where the time goes. */
async function inProcess(): Promise<Timings> {
  const sandbox = createSandbox({ rateLimits: false });
  const folder = mkdtempSync(join(tmpdir(), 'inspector-bench-'));
  const { service } = newService(sandbox, folder);
  const handle: Handler = (request) => sandbox.handle(request);
  const token = await tokenFrom(handle, SANDBOX_BASE_URL);
  const client = new FeishuClient({
    baseUrl: SANDBOX_BASE_URL,
    appId: SANDBOX_APP_ID,
    appSecret: SANDBOX_APP_SECRET,
    fetch: handle,
    clock: systemClock,
  });
  try {
    return await measure(
      serviceLookup(service, SANDBOX_PROFILE_ID),
      rawLookup(handle, `${SANDBOX_BASE_URL}${MESSAGE_PATH}${SEED_MESSAGE_ID}?user_id_type=open_id`, token),
      async () => {
        const result = await client.getMessage(SEED_MESSAGE_ID, { userIdType: 'open_id' });
        if (!result.ok) throw new Error(`client lookup failed: ${result.failure.msg}`);
      },
    );
  } finally {
    await service.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function lookupFigure(): Promise<Figure[]> {
  const http = await overHttp();
  const local = await inProcess();
  const ratio = (t: Timings) => median(t.service) / median(t.raw);
  const drift = (t: Timings) =>
    `service median of the first 50 ${fmt.ms(median(t.service.slice(0, 50)))}, last 50 ${fmt.ms(median(t.service.slice(-50)))}`;
  return [
    {
      name: 'lookup',
      line:
        `lookup: service/raw fetch over loopback HTTP = ${fmt.ratio(ratio(http.timings))} (median service ${fmt.ms(median(http.timings.service))}, ` +
        `raw ${fmt.ms(median(http.timings.raw))}; ${SAMPLES} each after ${WARM_UP} warm-up; ${drift(http.timings)}; ` +
        `history entries at the end = ${http.history}) — ${verdict('≤ 1.2', ratio(http.timings) <= 1.2)}`,
    },
    {
      name: 'lookup-in-process',
      line:
        `lookup-in-process: service/raw call = ${fmt.ratio(ratio(local))} (median service ${fmt.ms(median(local.service))}, ` +
        `raw ${fmt.ms(median(local.raw))}, client alone ${fmt.ms(median(local.client ?? []))}; the emulator called as a function, ` +
        `no I/O; ${drift(local)}) — not the goal's figure: a request here costs no network at all`,
    },
  ];
}
