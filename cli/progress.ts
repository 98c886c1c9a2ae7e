/**
 * A batch's progress on stderr: done/total, failed, rate and ETA. On a terminal one line is
 * redrawn in place (`\r`, at most every 100 ms); otherwise (a pipe, a CI log) a line is printed
 * at every 10 % and at the end, so logs do not fill with redraws.
 *
 * Hand-written rather than cli-progress (the usual choice): it is not a dependency here and may
 * not be added, and what is needed (one line, two modes, numbers runBatch already computes) is a
 * few dozen lines.
 */

import type { BatchProgress } from '../core/batch/run';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  update(progress: BatchProgress): void;
  /** The last line (with `note`, e.g. "cancelled"); on a terminal it ends the line. */
  finish(progress: BatchProgress, note?: string): void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '?';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatProgress(p: BatchProgress, bar: boolean): string {
  const share = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(share * BAR_WIDTH);
  const head = bar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  const counts = `${p.done}/${p.total} (${Math.floor(share * 100)}%)`;
  const failed = p.failed ? `, ${p.failed} failed` : '';
  const eta = p.remaining > 0 ? `, ETA ${formatDuration(p.etaMs)}` : '';
  return `${head}${counts}${failed}, ${p.ratePerSecond.toFixed(1)}/s${eta}`;
}

export function createProgressBar(stream: ProgressStream, label: string, now: () => number = Date.now): ProgressBar {
  const tty = Boolean(stream.isTTY);
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let printedAll = false;
  const draw = (text: string) => {
    const line = `${label} ${text}`;
    // Cut to the terminal's width: a wrapped line cannot be redrawn with \r.
    const width = stream.columns ? stream.columns - 1 : Infinity;
    stream.write(`\r${line.length > width ? line.slice(0, width) : line}\x1b[K`);
  };
  return {
    update(p) {
      if (tty) {
        const t = now();
        if (t - lastDraw < REDRAW_MS && p.done < p.total) return;
        lastDraw = t;
        draw(formatProgress(p, true));
        return;
      }
      const tenth = p.total === 0 ? 10 : Math.floor((p.done * 10) / p.total);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      printedAll = p.done === p.total;
      stream.write(`${label} ${formatProgress(p, false)}\n`);
    },
    finish(p, note) {
      const suffix = note ? ` ${note}` : '';
      if (tty) {
        draw(`${formatProgress(p, true)}${suffix}`);
        stream.write('\n');
      } else if (!printedAll || note) {
        stream.write(`${label} ${formatProgress(p, false)}${suffix}\n`);
      }
    },
  };
}
