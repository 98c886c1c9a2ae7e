/** Types of scripts/totals.mjs (plain JavaScript so `npm test` runs on plain `node`). */

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  /** Tests that failed and then passed on a retry: counted as passed, named apart. */
  flaky: number;
  /** The steps that went wrong, each with why when it is not just failed tests. */
  problems: string[];
}

export interface StepOutcome {
  name: string;
  /** The runner's exit code; null when a signal ended it. */
  exitCode: number | null;
  /** The JSON report the runner was asked to write; `text` is undefined when the file is missing. */
  report?: { kind: 'vitest' | 'playwright'; text: string | undefined };
  /** Why the step was not run at all (it then counts as one failure). */
  notRun?: string;
}

export function stepTotals(step: StepOutcome): Totals;
export function runTotals(steps: StepOutcome[]): Totals;
export function closingLines(totals: Totals): string[];
export function exitCodeOf(totals: Totals): 0 | 1;
