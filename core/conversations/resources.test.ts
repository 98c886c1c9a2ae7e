import { describe, expect, it } from 'vitest';
import type { CallResult, DownloadedResource } from '../feishu/client';
import type { ApiMessage } from '../feishu/types';
import { downloadResource, entryResources, resourceExtension, resourceStem, type ResourceSource } from './resources';

const FORWARD = 'om_x100b5a110c4a700000000000000000f';
const SUB = 'om_x100b5a110c4a7000000000000000102';

const forwardEntry = {
  messageId: FORWARD,
  items: [
    { message_id: FORWARD, msg_type: 'merge_forward', body: { content: 'Merged and Forwarded Message' } },
    { message_id: SUB, upper_message_id: FORWARD, msg_type: 'image', body: { content: '{"image_key":"img_sub"}' } },
    { message_id: `${SUB}9`, upper_message_id: FORWARD, msg_type: 'sticker', body: { content: '{"file_key":"file_sticker"}' } },
  ] satisfies ApiMessage[],
};

describe("an entry's resources", () => {
  it("asks for a sub-message's image with its own ID, then the forward's", () => {
    expect(entryResources(forwardEntry)).toEqual([
      { key: 'img_sub', type: 'image', role: 'image', messageId: SUB, via: [SUB, FORWARD], stem: `${SUB}-img_sub` },
    ]);
    const plain = {
      messageId: 'om_a',
      items: [{ message_id: 'om_a', msg_type: 'file', body: { content: '{"file_key":"file_a","file_name":"a.pdf"}' } }],
    };
    expect(entryResources(plain)).toEqual([
      { key: 'file_a', type: 'file', role: 'file', fileName: 'a.pdf', messageId: 'om_a', via: ['om_a'], stem: 'om_a-file_a' },
    ]);
    expect(entryResources({ messageId: 'om_x', error: { msg: 'gone' } })).toEqual([]);
  });
});

describe('names on disk', () => {
  it('keeps real IDs and keys as they are, the same on every run', () => {
    expect(resourceStem(SUB, 'img_v3_0210t_5a110c4a-7000-4000-8000-000000000003g')).toBe(
      `${SUB}-img_v3_0210t_5a110c4a-7000-4000-8000-000000000003g`,
    );
  });

  it('makes any other ID or key safe on every file system, and never one name for two resources', () => {
    const hostile = ['../../etc/passwd', 'CON', 'a:b*c?"<>|', 'Img_A', 'img_a', 'x'.repeat(300), '名前', 'a\u0000b', ' .'];
    const stems = hostile.map((key) => resourceStem('om_1', key));
    for (const stem of stems) {
      expect(stem).toMatch(/^[a-z0-9_-]+$/);
      expect(stem.length).toBeLessThanOrEqual(160);
    }
    // Case-insensitive file systems (Windows, macOS) would merge `Img_A` and `img_a`: the hash keeps them apart.
    expect(new Set(stems.map((s) => s.toLowerCase())).size).toBe(hostile.length);
    expect(resourceStem('om_1', 'Img_A')).toBe(resourceStem('om_1', 'Img_A'));
    expect(resourceStem('om_1_x', 'y')).not.toBe(resourceStem('om_1', 'x_y'));
    expect(resourceStem('om_1-x', 'y')).not.toBe(resourceStem('om_1', 'x-y'));
    expect(resourceStem('h', resourceStem('om_1', 'Img_A').slice(2))).not.toBe(resourceStem('om_1', 'Img_A'));
  });

  it("takes the extension from an image's content type, a file's name, or its content type, never a path", () => {
    expect(resourceExtension({ type: 'image' }, { contentType: 'image/jpeg' })).toBe('jpg');
    expect(resourceExtension({ type: 'image' }, { contentType: 'image/png; charset=binary' })).toBe('png');
    expect(resourceExtension({ type: 'file', fileName: 'Report.PDF' }, { contentType: 'application/octet-stream' })).toBe('pdf');
    expect(resourceExtension({ type: 'file' }, { contentType: 'application/octet-stream', fileName: 'notes.txt' })).toBe('txt');
    expect(resourceExtension({ type: 'file', fileName: '../../x/.bashrc/' }, { contentType: 'video/mp4' })).toBe('mp4');
    expect(resourceExtension({ type: 'file', fileName: 'a.b/c' }, { contentType: 'application/x-unknown' })).toBe('bin');
  });
});

describe('downloading one resource', () => {
  const png = { bytes: new Uint8Array([137, 80]), contentType: 'image/png' };
  function source(answers: Record<string, number | DownloadedResource>): ResourceSource & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      async getResource(messageId): Promise<CallResult<DownloadedResource>> {
        asked.push(messageId);
        const answer = answers[messageId];
        if (answer === undefined || typeof answer === 'number')
          return { ok: false, failure: { kind: 'api', stage: 'message', code: answer ?? 230001, msg: 'no' }, exchanges: [] };
        return { ok: true, value: answer, exchanges: [] };
      },
    };
  }
  const [resource] = entryResources(forwardEntry);

  it("goes through the forward when the platform says the sub-message's own ID does not hold it", async () => {
    for (const code of [234003, 234043]) {
      const fake = source({ [SUB]: code, [FORWARD]: png });
      const result = await downloadResource(fake, resource!);
      expect(result.ok).toBe(true);
      expect(fake.asked).toEqual([SUB, FORWARD]);
    }
  });

  it('stops at any other failure, and says what the last ID answered', async () => {
    const other = source({ [SUB]: 99991672, [FORWARD]: png });
    expect(await downloadResource(other, resource!)).toMatchObject({ ok: false, failure: { code: 99991672 } });
    expect(other.asked).toEqual([SUB]);
    const neither = source({ [SUB]: 234003, [FORWARD]: 234043 });
    expect(await downloadResource(neither, resource!)).toMatchObject({ ok: false, failure: { code: 234043 } });
  });
});
