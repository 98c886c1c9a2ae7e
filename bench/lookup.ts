/**
 * Figure 3: one lookup through InspectorService (profile, client, token cache, redaction,
 * masking, history) against a raw request to the same in-process emulator.
 */

import { FeishuClient, MESSAGE_PATH, TOKEN_PATH } from '../core/feishu/client';
import { systemClock } from '../core/ports';
import { openStores } from '../core/profiles';
import type { CipherPort } from '../core/profiles/secrets';
import { MemoryKeyValueStore } from '../core/profiles/store';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL } from '../core/sandbox/emulator';
import { SEED_MESSAGE_ID } from '../core/sandbox/fixtures/messages';
import { InspectorService, type ServicePorts } from '../core/service';
import { fmt, median, verdict, type Figure } from './util';

const WARM_UP = 100;
const SAMPLES = 300;

/** Stands in for the OS keychain; the Sandbox profile never stores a secret anyway. */
const plainCipher: CipherPort = {
  scheme: 'bench-plain-v1',
  available: async () => ({ ok: true, backend: 'bench', weak: false }),
  encrypt: async (plain) => btoa(plain),
  decrypt: async (base64) => atob(base64),
};

export async function lookupFigure(): Promise<Figure> {
  // The limits are off: this measures per-call overhead, not pacing.
  const sandbox = createSandbox({ rateLimits: false });
  const stores = openStores(
    { settings: new MemoryKeyValueStore(), secrets: new MemoryKeyValueStore(), history: new MemoryKeyValueStore(), cipher: plainCipher },
    systemClock,
  );
  const ports: ServicePorts = {
    stores,
    fetch: (request: Request) => fetch(request),
    clock: systemClock,
    host: 'browser',
    version: 'bench',
    sandbox,
  };
  const service = new InspectorService(ports);

  const tokenResponse = await sandbox.handle(
    new Request(`${SANDBOX_BASE_URL}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET }),
    }),
  );
  const { tenant_access_token: token } = (await tokenResponse.json()) as { tenant_access_token: string };
  const url = `${SANDBOX_BASE_URL}${MESSAGE_PATH}${SEED_MESSAGE_ID}?user_id_type=open_id`;

  const viaService = async () => {
    const result = await service.getMessage({ messageId: SEED_MESSAGE_ID });
    if (!result.ok) throw new Error(`service lookup failed: ${result.failure.msg}`);
  };
  const raw = async () => {
    const response = await sandbox.handle(
      new Request(url, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' } }),
    );
    const body = JSON.parse(await response.text()) as { code?: number };
    if (body.code !== 0) throw new Error(`raw lookup failed: code ${body.code}`);
  };
  // The client alone (token cache, retries, redacted record; no profile, masking or history), to
  // show where the service's time goes. Not part of the ratio.
  const client = new FeishuClient({
    baseUrl: SANDBOX_BASE_URL,
    appId: SANDBOX_APP_ID,
    appSecret: SANDBOX_APP_SECRET,
    fetch: (request) => sandbox.handle(request),
    clock: systemClock,
  });
  const viaClient = async () => {
    const result = await client.getMessage(SEED_MESSAGE_ID, { userIdType: 'open_id' });
    if (!result.ok) throw new Error(`client lookup failed: ${result.failure.msg}`);
  };
  // The service paces every request by the app's limits (50 per second): spacing the calls out
  // keeps the figure about per-call overhead, not about waiting for the limiter.
  const time = async (fn: () => Promise<void>) => {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };

  for (let i = 0; i < WARM_UP; i += 1) {
    await viaService();
    await raw();
    await viaClient();
  }
  const serviceTimes: number[] = [];
  const rawTimes: number[] = [];
  const clientTimes: number[] = [];
  // Interleaved, alternating which goes first, so drift (GC, JIT, the CPU's clock) hits both alike.
  for (let i = 0; i < SAMPLES; i += 1) {
    if (i % 2 === 0) {
      serviceTimes.push(await time(viaService));
      rawTimes.push(await time(raw));
    } else {
      rawTimes.push(await time(raw));
      serviceTimes.push(await time(viaService));
    }
    clientTimes.push(await time(viaClient));
  }
  const s = median(serviceTimes);
  const r = median(rawTimes);
  const ratio = s / r;
  const firstLast = `service median of the first 50 ${fmt.ms(median(serviceTimes.slice(0, 50)))}, last 50 ${fmt.ms(median(serviceTimes.slice(-50)))}`;
  const history = await stores.history.list({}).then(
    (page) => `history entries at the end = ${page.total}`,
    () => 'history not readable',
  );
  return {
    name: 'lookup',
    line:
      `lookup: service/raw = ${fmt.ratio(ratio)} (median service ${fmt.ms(s)}, raw ${fmt.ms(r)}; ${SAMPLES} each after ${WARM_UP} warm-up; ` +
      `client alone ${fmt.ms(median(clientTimes))}; ${firstLast}; ${history}) — ${verdict('≤ 1.2', ratio <= 1.2)}`,
  };
}
