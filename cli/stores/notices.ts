/**
 * The store notices on stderr, for the CLI's `get`, `export` and `web`: what a store file held
 * that could not be read, and where the original is. Each is printed once per run, and nothing
 * when there is nothing to say. English, like the CLI's other status lines.
 */

import { basename } from 'node:path';
import type { StoreNotice } from '../../core/storage/notices';

export function describeStoreNotice(notice: StoreNotice): string {
  const name = notice.path ? basename(notice.path) : `${notice.kind === 'settings_too_new' ? 'settings' : notice.file}.json`;
  const file = notice.path ?? name;
  switch (notice.kind) {
    case 'file_unreadable':
      return [
        `inspector: ${file} is not valid JSON, so it was read as empty.`,
        `  The original is kept, byte for byte, at ${notice.aside}.`,
        `  Correct ${name} before you change anything here, or copy what you need from the copy: the next change writes a new ${name}.`,
      ].join('\n');
    case 'entries_set_aside':
      return [
        `inspector: ${file} has entries that could not be read; they are left out:`,
        ...notice.details.map((line) => `  - ${line}`),
        notice.aside ? `  The whole original is kept, byte for byte, at ${notice.aside}.` : '  No copy of the original could be kept.',
        `  Correct them in ${name} before you change anything here: the next change writes ${name} without them.`,
      ].join('\n');
    case 'settings_too_new':
      return `inspector: ${file} was written by a newer version (settings version ${notice.version}): profiles are read as far as they can be, and changes cannot be saved until you update.`;
  }
}

/** Prints each notice once, however often it is asked to print the list. */
export function storeNoticePrinter(write: (text: string) => void): (notices: readonly StoreNotice[]) => void {
  const printed = new Set<string>();
  return (notices) => {
    for (const notice of notices) {
      const key = JSON.stringify(notice);
      if (printed.has(key)) continue;
      printed.add(key);
      write(`${describeStoreNotice(notice)}\n`);
    }
  };
}
