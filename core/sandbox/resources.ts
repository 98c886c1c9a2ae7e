/**
 * The resources endpoint of the emulator: GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file.
 * It answers the way FEISHU.md records the platform doing it: cards answer 234043; a key that is
 * not in the message answers 234003; attachments inside a merge-forward come through the
 * container's ID (a sub-message's own ID answers 234003).
 */

import type { Clock } from '../base/ports';
import type { ApiMessage } from '../feishu/types';
import { LARGE_FILE_KEY, SLOW_FILE_KEY } from './fixtures/messages';

export const RESOURCE_PATH = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/;

/** A small gradient PNG (24×24) that every image key of the sandbox returns. */
const SAMPLE_PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAACW0lEQVR4nO3UkbKwQABA4ftOFxcXF8NwceXMLC4u7kRLTRDsRFEURVEURVEURVHU7Qn2f4Hfvzl4fn55Ba/kVbwFb8mreQ2v5XW8njfwRt6GN/Fm8M8vj+CRPIqn4Cl5NI/hsTyOx/MEnsjT8CSeDP5Ct+CW3Iq74C65NbfhttyO23MH7sjdcCfuDP5Cl+CSXIqr4Cq5NJfhslyOy3MFrsjVcCWuDP5Cp+CUnIqz4Cw5NafhtJyO03MGzsjZcCbODP5Ch+CQHIqj4Cg5NIfhsByOw3MEjsjRcCSODP5Cu2CX7Iq9YC/ZNbtht+yO3bMH9sjesCf2DP5Cm2CTbIqtYCvZNJths2yOzbMFtsjWsCW2DP5Cq2CVrIq1YC1ZNathtayO1bMG1sjasCbWDP5Ci2CRLIqlYClZNIthsSyOxbMElsjSsCSWDP5Cs2CWzIq5YC6ZNbNhtsyO2TMH5sjcMCfmDP5Ck2CSTIqpYCqZNJNhskyOyTMFpsjUMCWmDP5Co2CUjIqxYCwZNaNhtIyO0TMGxsjYMCbGDP5Cg2CQDIqhYCgZNINhsAyOwTMEhsjQMCSGDP5CvaCX9Iq+oC/pNb2ht/SO3tMH+kjf0Cf6DP5CnaCTdIquoCvpNJ2hs3SOztMFukjX0CW6DP5CraCVtIq2oC1pNa2htbSO1tMG2kjb0CbaDP5CtaCW1Iq6oC6pNbWhttSO2lMH6kjdUCfqDP5CURAlURELYknUREO0REf0xECMxIaYiBn8hSpBJakUVUFVUmkqQ2WpHJWnClSRqqFKVBn88//Z/3z2H6EvqC5ALntuAAAAAElFTkSuQmCC',
  ),
  (c) => c.charCodeAt(0),
);

/** A body made as it is read: `pieces` of `pieceBytes`, `gapMs` apart on the sandbox's clock, with no Content-Length. */
export interface GeneratedBody {
  pieces: number;
  pieceBytes: number;
  gapMs: number;
}

/**
 * The files whose bodies are made on the fly: 30 MB at once (a reader that stops early makes
 * little of it), and 25 KB a piece a second (25 s in all, longer than a lookup's timeout, and
 * never a second without data).
 */
const GENERATED_FILES: ReadonlyMap<string, GeneratedBody> = new Map([
  [LARGE_FILE_KEY, { pieces: 480, pieceBytes: 64 * 1024, gapMs: 0 }],
  [SLOW_FILE_KEY, { pieces: 25, pieceBytes: 1024, gapMs: 1000 }],
]);

export type ResourceAnswer =
  | { ok: true; body: Uint8Array | GeneratedBody; contentType: string; fileName?: string }
  | { ok: false; code: 234043 | 234003 | 230001; msg: string };

/** What the sandbox answers for a resource of a message whose data.items are `items`. */
export function sandboxResource(items: readonly ApiMessage[], fileKey: string, type: string | null): ResourceAnswer {
  if (type !== 'image' && type !== 'file') return { ok: false, code: 230001, msg: 'type must be image or file' };
  const container = items[0];
  if (container?.msg_type === 'interactive') return { ok: false, code: 234043, msg: 'Unsupported message type.' };
  const holder = items.find((item) => item.body?.content?.includes(fileKey));
  if (!holder) return { ok: false, code: 234003, msg: 'File not in msg.' };
  if (type === 'image') return { ok: true, body: SAMPLE_PNG, contentType: 'image/png' };
  const fileName = /"file_name"\s*:\s*"([^"]*)"/.exec(holder.body?.content ?? '')?.[1] ?? `${fileKey}.txt`;
  const generated = GENERATED_FILES.get(fileKey);
  if (generated) return { ok: true, body: generated, contentType: 'application/octet-stream', fileName };
  const text = `Sandbox file ${fileName}\nkey ${fileKey}\n`;
  return { ok: true, body: new TextEncoder().encode(text), contentType: 'application/octet-stream', fileName };
}

/**
 * The stream of a generated body. A piece is made only when the reader asks for it (no queue
 * ahead), so `onBytes` counts what a reader really pulled. It ends with an error when `signal`
 * aborts (as a fetch's body does), and stops making pieces when the reader cancels it.
 */
export function generatedStream(
  body: GeneratedBody,
  options: { clock: Clock; signal?: AbortSignal; onBytes: (bytes: number) => void },
): ReadableStream<Uint8Array> {
  const line = new TextEncoder().encode('Sandbox file made on the fly, one line after another.\n');
  const piece = new Uint8Array(body.pieceBytes).map((_, i) => line[i % line.length]!);
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(options.signal?.reason), { once: true });
  let made = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (stop.signal.aborted) throw stop.signal.reason;
        if (made > 0 && body.gapMs > 0) await options.clock.sleep(body.gapMs, stop.signal);
        controller.enqueue(piece.slice());
        options.onBytes(piece.length);
        made += 1;
        if (made === body.pieces) controller.close();
      },
      cancel(reason) {
        stop.abort(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
