/**
 * The long connection's frames: protobuf `pbbp2.Frame` (proto2), as FEISHU.md records them and the
 * official SDK encodes them. Built with protobufjs's reflection (no generated code, no .proto file
 * at run time): the schema is nine fields, and a hand-written varint codec would be the parser the
 * house rules say to take from a kept library instead.
 *
 *   1 SeqID uint64, 2 LogID uint64, 3 service int32, 4 method int32   (required)
 *   5 headers repeated Header {1 key string, 2 value string}
 *   6 payloadEncoding string, 7 payloadType string, 8 payload bytes, 9 LogIDNew string
 */

import protobuf from 'protobufjs/light.js';

/** method: 0 control (ping, pong), 1 data (events, and their acknowledgements). */
export const FRAME_METHOD = { control: 0, data: 1 } as const;

export interface Frame {
  /** uint64 on the wire; kept as a decimal string, since it may pass 2^53. */
  seqId: string;
  logId: string;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  logIdNew?: string;
}

const Header = new protobuf.Type('Header')
  .add(new protobuf.Field('key', 1, 'string', 'required'))
  .add(new protobuf.Field('value', 2, 'string', 'required'));

const FrameType = new protobuf.Type('Frame')
  .add(new protobuf.Field('SeqID', 1, 'uint64', 'required'))
  .add(new protobuf.Field('LogID', 2, 'uint64', 'required'))
  .add(new protobuf.Field('service', 3, 'int32', 'required'))
  .add(new protobuf.Field('method', 4, 'int32', 'required'))
  .add(new protobuf.Field('headers', 5, 'Header', 'repeated'))
  .add(new protobuf.Field('payloadEncoding', 6, 'string', 'optional'))
  .add(new protobuf.Field('payloadType', 7, 'string', 'optional'))
  .add(new protobuf.Field('payload', 8, 'bytes', 'optional'))
  .add(new protobuf.Field('LogIDNew', 9, 'string', 'optional'));

new protobuf.Root().define('pbbp2').add(Header).add(FrameType);

export function encodeFrame(frame: Frame): Uint8Array {
  const message = FrameType.fromObject({
    SeqID: frame.seqId,
    LogID: frame.logId,
    service: frame.service,
    method: frame.method,
    headers: frame.headers,
    ...(frame.payloadEncoding !== undefined ? { payloadEncoding: frame.payloadEncoding } : {}),
    ...(frame.payloadType !== undefined ? { payloadType: frame.payloadType } : {}),
    ...(frame.payload !== undefined ? { payload: frame.payload } : {}),
    ...(frame.logIdNew !== undefined ? { LogIDNew: frame.logIdNew } : {}),
  });
  return FrameType.encode(message).finish();
}

/** A frame from the wire; throws FrameError when the bytes are not one (truncated, a required field missing). */
export function decodeFrame(bytes: Uint8Array): Frame {
  let decoded: protobuf.Message;
  try {
    decoded = FrameType.decode(bytes);
  } catch (error) {
    throw new FrameError(error instanceof Error ? error.message : String(error));
  }
  const object = FrameType.toObject(decoded, { longs: String, bytes: Uint8Array as unknown as typeof String, defaults: false }) as {
    SeqID: string;
    LogID: string;
    service: number;
    method: number;
    headers?: { key: string; value: string }[];
    payloadEncoding?: string;
    payloadType?: string;
    payload?: Uint8Array;
    LogIDNew?: string;
  };
  // proto2's required fields: protobufjs's reflection reads a frame without them, the platform never sends one.
  for (const name of ['SeqID', 'LogID', 'service', 'method'] as const) {
    if (object[name] === undefined) throw new FrameError(`missing required field ${name}`);
  }
  return {
    seqId: object.SeqID,
    logId: object.LogID,
    service: object.service,
    method: object.method,
    headers: (object.headers ?? []).map(({ key, value }) => ({ key, value })),
    ...(object.payloadEncoding !== undefined ? { payloadEncoding: object.payloadEncoding } : {}),
    ...(object.payloadType !== undefined ? { payloadType: object.payloadType } : {}),
    ...(object.payload !== undefined ? { payload: new Uint8Array(object.payload) } : {}),
    ...(object.LogIDNew !== undefined ? { logIdNew: object.LogIDNew } : {}),
  };
}

export class FrameError extends Error {
  constructor(reason: string) {
    super(`not a long-connection frame: ${reason}`);
    this.name = 'FrameError';
  }
}

/** The value of a header, the first of that key. */
export function header(frame: Pick<Frame, 'headers'>, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
