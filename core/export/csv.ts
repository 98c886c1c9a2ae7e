/**
 * CSV (RFC 4180): a UTF-8 byte order mark first (Excel then reads Chinese correctly), CRLF line
 * ends, fields holding a comma, quote, CR or LF quoted with quotes doubled. One row per message
 * item in display order, merge-forward sub-messages included: `depth` is the tree depth and
 * `parent_message_id` the message it hangs under in the forward (not the reply `parent_id`).
 * `sender_name` is the platform's name for the sender in the export's language (`with_sender_name`),
 * else the name a mention in the same lookup gives that ID, else empty: never one made up.
 * A failed lookup is a row with its `message_id` and the error columns; a lookup that returned
 * no items is a row with only `message_id` and `error_msg` saying so.
 *
 * Spreadsheet formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'`, so Excel and its kin show it as text instead of evaluating it. So does one whose
 * `=`, `+`, `-` or `@` comes after leading whitespace of any kind (no-break and ideographic
 * spaces included) or invisible control and format characters: spreadsheets that trim a value
 * on import would evaluate what is left.
 */

import { decodeMessage, messageViewToText } from '../messages';
import { displayNodes, field, flag, isoTime, namesById, senderOf, type PreparedEntry, type Writer, type WriterContext } from './common';

export const CSV_COLUMNS = [
  'message_id',
  'parent_message_id',
  'depth',
  'msg_type',
  'sender_id',
  'sender_name',
  'sender_type',
  'chat_id',
  'create_time_iso',
  'deleted',
  'updated',
  'text',
  'error_code',
  'error_msg',
  'log_id',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

export function csvWriter({ labels }: WriterContext): Writer {
  return {
    *start() {
      yield `\uFEFF${csvLine(Object.fromEntries(CSV_COLUMNS.map((c) => [c, c])))}`;
    },
    *entry(entry: PreparedEntry) {
      const names = namesById(entry.items);
      for (const node of displayNodes(entry.items)) {
        const { item } = node;
        const sender: unknown = item.sender;
        const senderField = (key: 'id' | 'sender_type'): string => {
          if (typeof sender !== 'object' || sender === null) return '';
          const value: unknown = (sender as Record<string, unknown>)[key];
          return typeof value === 'string' ? value : '';
        };
        yield csvLine({
          message_id: node.messageId,
          parent_message_id: node.parentId,
          depth: String(node.depth),
          msg_type: field(item, 'msg_type'),
          sender_id: senderField('id'),
          sender_name: senderOf(item, names, labels.lang).name ?? '',
          sender_type: senderField('sender_type'),
          chat_id: field(item, 'chat_id'),
          create_time_iso: isoTime(field(item, 'create_time')),
          deleted: boolText(flag(item, 'deleted')),
          updated: boolText(flag(item, 'updated')),
          text: messageViewToText(decodeMessage(item), labels.lang),
        });
      }
      if (entry.error !== undefined) {
        const { code, msg, logId } = entry.error;
        yield csvLine({
          message_id: entry.messageId,
          error_code: code === undefined ? '' : String(code),
          error_msg: msg,
          log_id: logId ?? '',
        });
      } else if (entry.items.length === 0) {
        yield csvLine({ message_id: entry.messageId, error_msg: labels.noItems });
      }
    },
    *end() {},
  };
}

function boolText(value: boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

function csvLine(row: Row): string {
  return `${CSV_COLUMNS.map((column) => csvCell(row[column] ?? '')).join(',')}\r\n`;
}

const FORMULA_START = /^(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@])/u;

/** One RFC 4180 field, neutralised against formula injection. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
