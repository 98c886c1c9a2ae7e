/**
 * The performance report (`npm run bench`): every figure measured in this one run, one line each,
 * each a ratio against a yardstick taken in the same run. Printed and written to bench/latest.txt.
 * Exits 0 when goals are missed (it is a report) and 1 when a figure crashes.
 *
 * Takes about nine minutes: the two batches pace 2,000 calls at the platform's limits on the
 * real clock (80–160 s each), and two live-event figures run a minute of events each. `npm run bench -- tree lookup` runs only the steps named and
 * leaves bench/latest.txt as it was (it holds whole runs only).
 */

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchFigure, faultBatchFigure } from './batch';
import { bundleFigure } from './bundle';
import { chatExportFigure, chatHeapFigure, chatNamesFigure } from './chat';
import { exportFigures } from './export';
import { lookupFigure } from './lookup';
import { treeFigure } from './tree';
import { conversationFigure } from './conversation';
import { liveDropsFigure, liveLatencyFigure, liveMemoryFigure } from './live';
import { type Figure } from './util';

const LATEST = path.join(import.meta.dirname, 'latest.txt');

const steps: { name: string; note: string; run: () => Promise<Figure | Figure[]> }[] = [
  { name: 'batch-2000', note: 'about 80 s', run: () => batchFigure(2000) },
  { name: 'batch-2000-faults-20%', note: 'about 80–120 s', run: () => faultBatchFigure(2000, 0.2) },
  { name: 'lookup', note: 'a few seconds', run: lookupFigure },
  { name: 'tree', note: 'starts browser mode and Chromium', run: treeFigure },
  { name: 'conversation', note: 'starts browser mode and Chromium', run: conversationFigure },
  { name: 'export', note: 'json and csv', run: exportFigures },
  { name: 'bundle', note: 'gzip of dist/renderer/assets', run: bundleFigure },
  { name: 'chat-export-10k', note: 'the large sandbox group with its threads, paced: about 10 s', run: chatExportFigure },
  {
    name: 'chat-export-heap',
    note: '1,000 and 10,000 messages twice each, the sandbox limits off, then once each from inspector sandbox: about 35 s',
    run: chatHeapFigure,
  },
  { name: 'chat-names', note: 'from the 10,000-message export (made again unless chat-export-10k ran)', run: chatNamesFigure },
  { name: 'live-100/s', note: '6,000 events from inspector sandbox over 60 s', run: () => liveLatencyFigure() },
  { name: 'live-20000', note: '20,000 events at 1,000/s: about 25 s', run: liveMemoryFigure },
  { name: 'live-drops', note: '6,000 events over 60 s, every connection cut 10 s after it opens', run: () => liveDropsFigure() },
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !steps.some((step) => step.name === name));
  if (unknown.length > 0) {
    console.error(`unknown step ${unknown.join(', ')}; the steps are ${steps.map((step) => step.name).join(', ')}`);
    return 1;
  }
  const chosen = only.length === 0 ? steps : steps.filter((step) => only.includes(step.name));
  const cpus = os.cpus();
  const header =
    `# bench ${new Date().toISOString()} — ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
    `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const lines = [header];
  console.log(header);
  let crashed = false;
  for (const step of chosen) {
    process.stderr.write(`running ${step.name} (${step.note})…\n`);
    try {
      const result = await step.run();
      for (const figure of Array.isArray(result) ? result : [result]) {
        lines.push(figure.line);
        console.log(figure.line);
      }
    } catch (error) {
      crashed = true;
      const line = `${step.name}: CRASHED — ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      lines.push(line);
      console.log(line);
    }
  }
  if (chosen === steps) writeFileSync(LATEST, `${lines.join('\n')}\n`);
  else process.stderr.write(`a partial run: ${path.relative(process.cwd(), LATEST)} left as it was\n`);
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
