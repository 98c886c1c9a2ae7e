/**
 * The resources endpoint of the emulator: GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file.
 * It answers the way FEISHU.md records the platform doing it: cards answer 234043; a key that is
 * not in the message answers 234003; attachments inside a merge-forward come through the
 * container's ID (a sub-message's own ID answers 234003).
 */

import type { ApiMessage } from '../feishu/types';

export const RESOURCE_PATH = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/;

/** A small gradient PNG (24×24) that every image key of the sandbox returns. */
const SAMPLE_PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAACW0lEQVR4nO3UkbKwQABA4ftOFxcXF8NwceXMLC4u7kRLTRDsRFEURVEURVEURVHU7Qn2f4Hfvzl4fn55Ba/kVbwFb8mreQ2v5XW8njfwRt6GN/Fm8M8vj+CRPIqn4Cl5NI/hsTyOx/MEnsjT8CSeDP5Ct+CW3Iq74C65NbfhttyO23MH7sjdcCfuDP5Cl+CSXIqr4Cq5NJfhslyOy3MFrsjVcCWuDP5Cp+CUnIqz4Cw5NafhtJyO03MGzsjZcCbODP5Ch+CQHIqj4Cg5NIfhsByOw3MEjsjRcCSODP5Cu2CX7Iq9YC/ZNbtht+yO3bMH9sjesCf2DP5Cm2CTbIqtYCvZNJths2yOzbMFtsjWsCW2DP5Cq2CVrIq1YC1ZNathtayO1bMG1sjasCbWDP5Ci2CRLIqlYClZNIthsSyOxbMElsjSsCSWDP5Cs2CWzIq5YC6ZNbNhtsyO2TMH5sjcMCfmDP5Ck2CSTIqpYCqZNJNhskyOyTMFpsjUMCWmDP5Co2CUjIqxYCwZNaNhtIyO0TMGxsjYMCbGDP5Cg2CQDIqhYCgZNINhsAyOwTMEhsjQMCSGDP5CvaCX9Iq+oC/pNb2ht/SO3tMH+kjf0Cf6DP5CnaCTdIquoCvpNJ2hs3SOztMFukjX0CW6DP5CraCVtIq2oC1pNa2htbSO1tMG2kjb0CbaDP5CtaCW1Iq6oC6pNbWhttSO2lMH6kjdUCfqDP5CURAlURELYknUREO0REf0xECMxIaYiBn8hSpBJakUVUFVUmkqQ2WpHJWnClSRqqFKVBn88//Z/3z2H6EvqC5ALntuAAAAAElFTkSuQmCC',
  ),
  (c) => c.charCodeAt(0),
);

export type ResourceAnswer =
  { ok: true; body: Uint8Array; contentType: string; fileName?: string } | { ok: false; code: 234043 | 234003 | 230001; msg: string };

/** What the sandbox answers for a resource of a message whose data.items are `items`. */
export function sandboxResource(items: readonly ApiMessage[], fileKey: string, type: string | null): ResourceAnswer {
  if (type !== 'image' && type !== 'file') return { ok: false, code: 230001, msg: 'type must be image or file' };
  const container = items[0];
  if (container?.msg_type === 'interactive') return { ok: false, code: 234043, msg: 'Unsupported message type.' };
  const holder = items.find((item) => item.body?.content?.includes(fileKey));
  if (!holder) return { ok: false, code: 234003, msg: 'File not in msg.' };
  if (type === 'image') return { ok: true, body: SAMPLE_PNG, contentType: 'image/png' };
  const fileName = /"file_name"\s*:\s*"([^"]*)"/.exec(holder.body?.content ?? '')?.[1] ?? `${fileKey}.txt`;
  const text = `Sandbox file ${fileName}\nkey ${fileKey}\n`;
  return { ok: true, body: new TextEncoder().encode(text), contentType: 'application/octet-stream', fileName };
}
