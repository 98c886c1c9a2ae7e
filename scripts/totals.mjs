/**
 * The sums behind `npm test`'s closing line `N passed, N failed, N skipped`, kept pure so a test
 * can feed them fake reports. The line must never read `0 failed` over a red run, so a runner's
 * report is not taken on trust:
 * - vitest counts a test file that fails to import (or whose hooks throw) as a failed file but
 *   not as a failed test, and an unhandled error shows only in its exit code;
 * - Playwright folds an interrupted test into `skipped` and keeps global-setup errors apart
 *   from the tests;
 * so each of those is added as a failure here, and a runner that exits non-zero without any
 * failure in its report adds one of its own.
 */

const none = () => ({ passed: 0, failed: 0, skipped: 0, flaky: 0, problems: [] });

const isCount = (value) => Number.isInteger(value) && value >= 0;

/** Counts of a vitest JSON report, or a reason it cannot be read. */
function vitestCounts(report) {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, testResults } = report ?? {};
  if (![numPassedTests, numFailedTests, numPendingTests, numTodoTests].every(isCount) || !Array.isArray(testResults)) {
    return 'its report has no test counts';
  }
  // A file that failed with no failed test in it: an import that threw, a hook that threw.
  const failedFiles = testResults.filter(
    (file) => file?.status === 'failed' && !(file.assertionResults ?? []).some((test) => test?.status === 'failed'),
  ).length;
  return { passed: numPassedTests, failed: numFailedTests + failedFiles, skipped: numPendingTests + numTodoTests, flaky: 0 };
}

function* playwrightTests(suites) {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? []) yield* spec.tests ?? [];
    yield* playwrightTests(suite.suites);
  }
}

/** Counts of a Playwright JSON report, or a reason it cannot be read. */
function playwrightCounts(report) {
  if (!Array.isArray(report?.suites) || !Array.isArray(report?.errors)) return 'its report has no suites';
  // Errors outside any test: global setup, a spec file that fails to load, a worker that died.
  const counts = { passed: 0, failed: report.errors.length, skipped: 0, flaky: 0 };
  for (const test of playwrightTests(report.suites)) {
    const last = test.results?.at(-1)?.status;
    const cutShort = last === 'interrupted' || (last === 'timedOut' && test.expectedStatus !== 'timedOut');
    if (test.status === 'unexpected' || cutShort) counts.failed += 1;
    else if (test.status === 'flaky') {
      counts.passed += 1;
      counts.flaky += 1;
    } else if (test.status === 'expected') counts.passed += 1;
    else counts.skipped += 1;
  }
  return counts;
}

const READERS = { vitest: vitestCounts, playwright: playwrightCounts };

function readReport({ kind, text }) {
  if (text === undefined) return 'it wrote no report';
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return 'its report is not JSON';
  }
  return READERS[kind](report);
}

export function stepTotals({ name, exitCode, report, notRun }) {
  if (notRun) return { ...none(), failed: 1, problems: [`${name} (not run: ${notRun})`] };
  let counts = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
  // Why the step is red beyond the failed tests it counted: it adds one failure of its own.
  let trouble;
  if (report) {
    const read = readReport(report);
    if (typeof read === 'string') trouble = read;
    else counts = read;
  }
  if (!trouble && exitCode !== 0 && counts.failed === 0) {
    trouble = exitCode === null ? 'killed before it finished' : `exited with ${exitCode}`;
  }
  const failed = counts.failed + (trouble ? 1 : 0);
  const problems = trouble ? [`${name} (${trouble})`] : failed ? [name] : [];
  return { ...counts, failed, problems };
}

export function runTotals(steps) {
  const sum = none();
  for (const step of steps) {
    const totals = stepTotals(step);
    sum.passed += totals.passed;
    sum.failed += totals.failed;
    sum.skipped += totals.skipped;
    sum.flaky += totals.flaky;
    sum.problems.push(...totals.problems);
  }
  return sum;
}

/** The closing lines; the last is the one CI parses and must keep its exact shape. */
export function closingLines(totals) {
  const lines = [];
  if (totals.problems.length) lines.push(`Failed: ${totals.problems.join(', ')}`);
  if (totals.flaky) lines.push(`(${totals.flaky} flaky: passed on retry)`);
  lines.push(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return lines;
}

export const exitCodeOf = (totals) => (totals.failed > 0 ? 1 : 0);
