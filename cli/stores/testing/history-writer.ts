/**
 * One writer of the history file for the multi-process test: a process like an `inspector get`
 * run, writing through the same store ports. Usage: history-writer.ts <config dir> <count> <tag>.
 * It opens the stores, prints `ready`, waits for a line on stdin, then records `count` lookups
 * (`om_<tag>_<i>`), writing after each one, and exits.
 */

import { once } from 'node:events';
import { openStores } from '../../../core/app/stores';
import { systemClock } from '../../../core/base/ports';
import { createNodeStorePorts } from '../node-ports';

const [dir, count, tag] = process.argv.slice(2);
if (!dir || !count || !tag) throw new Error('usage: history-writer.ts <config dir> <count> <tag>');
const { history } = openStores(createNodeStorePorts({ cwd: dir }), systemClock);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let i = 0; i < Number(count); i++) {
  await history.add({ messageId: `om_${tag}_${i}`, profileId: 'sandbox', at: Date.now(), outcome: 'ok' });
  await history.flush();
}
process.stdin.destroy();
