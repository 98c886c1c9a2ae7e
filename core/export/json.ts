/**
 * JSON: the API's own answer shape, `{"code":0,"msg":"success","data":{"items":[…]}}`, with the
 * items of every successful lookup concatenated in lookup order (each lookup's items in API
 * order). Failed lookups go in a top-level `errors` array, `{message_id, code?, msg, log_id?,
 * http_status?}`, present only when there is one. Items are written one per line as they come;
 * only the (small) error records are held until the end, since they follow `data`.
 */

import { safeStringify, type ExportError, type PreparedEntry, type Writer } from './common';

export interface JsonErrorRecord {
  message_id: string;
  code?: number;
  msg: string;
  log_id?: string;
  http_status?: number;
}

export function errorRecord(messageId: string, error: ExportError): JsonErrorRecord {
  const record: JsonErrorRecord = { message_id: messageId, ...(error.code === undefined ? {} : { code: error.code }), msg: error.msg };
  if (error.logId !== undefined) record.log_id = error.logId;
  if (error.httpStatus !== undefined) record.http_status = error.httpStatus;
  return record;
}

export function jsonWriter(): Writer {
  let first = true;
  const errors: JsonErrorRecord[] = [];
  return {
    *start() {
      yield '{"code":0,"msg":"success","data":{"items":[';
    },
    *entry(entry: PreparedEntry) {
      for (const item of entry.items) {
        yield `${first ? '\n' : ',\n'}${safeStringify(item)}`;
        first = false;
      }
      if (entry.error !== undefined) errors.push(errorRecord(entry.messageId, entry.error));
    },
    *end() {
      yield first ? ']}' : '\n]}';
      if (errors.length > 0) {
        yield ',\n"errors":[';
        for (let i = 0; i < errors.length; i++) yield `${i === 0 ? '\n' : ',\n'}${safeStringify(errors[i])}`;
        yield '\n]';
      }
      yield '}\n';
    },
  };
}
