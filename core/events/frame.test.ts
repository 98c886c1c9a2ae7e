import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FRAME_METHOD, FrameError, header, type Frame } from './frame';

const text = (value: string) => [...new TextEncoder().encode(value)];
/** A length-delimited field: its tag, its length, its bytes. */
const field = (tag: number, bytes: number[]) => [tag, bytes.length, ...bytes];

/**
 * A ping as the wire carries it, written out byte by byte from the schema (FEISHU.md): SeqID 0,
 * LogID 0, service 7, method 0 (control), one header type=ping.
 */
const PING = Uint8Array.from([
  0x08,
  0x00,
  0x10,
  0x00,
  0x18,
  0x07,
  0x20,
  0x00,
  ...field(0x2a, [...field(0x0a, text('type')), ...field(0x12, text('ping'))]),
]);

describe('long-connection frames', () => {
  it('reads a ping written out by hand, and writes the same bytes', () => {
    const frame = decodeFrame(PING);
    expect(frame).toEqual({ seqId: '0', logId: '0', service: 7, method: FRAME_METHOD.control, headers: [{ key: 'type', value: 'ping' }] });
    expect([...encodeFrame(frame)]).toEqual([...PING]);
  });

  it('keeps a 64-bit sequence number whole, and a payload byte for byte', () => {
    const payload = new TextEncoder().encode(
      JSON.stringify({ schema: '2.0', header: { event_type: 'im.message.receive_v1' }, event: { text: '你好 👋' } }),
    );
    const frame: Frame = {
      seqId: '18446744073709551615',
      logId: '7340011234567890123',
      service: 1234,
      method: FRAME_METHOD.data,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: 'msg_1' },
        { key: 'sum', value: '2' },
        { key: 'seq', value: '1' },
        { key: 'trace_id', value: 'trace-1' },
      ],
      payload,
      logIdNew: 'log-new',
    };
    const back = decodeFrame(encodeFrame(frame));
    expect(back).toEqual(frame);
    expect(header(back, 'sum')).toBe('2');
    expect(new TextDecoder().decode(back.payload)).toContain('你好 👋');
  });

  it('refuses bytes that are not a frame: cut short, or without a required field', () => {
    expect(() => decodeFrame(PING.slice(0, PING.length - 3))).toThrow(FrameError);
    // Only SeqID and LogID: service and method are required.
    expect(() => decodeFrame(Uint8Array.from([0x08, 0x01, 0x10, 0x02]))).toThrow(/not a long-connection frame/);
  });
});
