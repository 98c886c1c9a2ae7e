import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closingLines, exitCodeOf, runTotals, stepTotals, type StepOutcome } from './totals.mjs';

const vitestReport = (overrides: Record<string, unknown> = {}) => ({
  numTotalTestSuites: 2,
  numPassedTestSuites: 2,
  numFailedTestSuites: 0,
  numPendingTestSuites: 0,
  numTotalTests: 4,
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 0,
  success: true,
  testResults: [
    { name: '/p/a.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
    { name: '/p/b.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }, { status: 'skipped' }] },
  ],
  ...overrides,
});

type PwTest = { status: string; expectedStatus?: string; results: { status: string }[] };
const pwTest = (status: string, ...results: string[]): PwTest => ({
  status,
  expectedStatus: 'passed',
  results: results.map((s) => ({ status: s })),
});
const playwrightReport = (tests: PwTest[], errors: { message: string }[] = []) => ({
  config: {},
  // Tests sit in specs of nested suites, as Playwright writes them for a describe block.
  suites: [{ title: 'a.spec.ts', specs: [], suites: [{ title: 'group', specs: tests.map((t) => ({ title: 't', tests: [t] })) }] }],
  errors,
  // As Playwright counts them: one per test, by outcome (an interrupted test's outcome is `skipped`).
  stats: Object.fromEntries(['expected', 'unexpected', 'flaky', 'skipped'].map((s) => [s, tests.filter((t) => t.status === s).length])),
});

const unit = (report: unknown, exitCode: number | null): StepOutcome => ({
  name: 'unit tests',
  exitCode,
  report: { kind: 'vitest', text: JSON.stringify(report) },
});
const e2e = (report: unknown, exitCode: number | null): StepOutcome => ({
  name: 'e2e tests',
  exitCode,
  report: { kind: 'playwright', text: JSON.stringify(report) },
});
const lastLine = (steps: StepOutcome[]) => closingLines(runTotals(steps)).at(-1);

describe('npm test totals', () => {
  it('adds passing unit and e2e runs up into the line CI parses', () => {
    const steps = [
      { name: 'typecheck', exitCode: 0 },
      unit(vitestReport(), 0),
      e2e(playwrightReport([pwTest('expected', 'passed'), pwTest('skipped', 'skipped')]), 0),
    ];
    expect(closingLines(runTotals(steps))).toEqual(['4 passed, 0 failed, 2 skipped']);
    expect(exitCodeOf(runTotals(steps))).toBe(0);
  });

  it('counts a test file that threw at import as failed though vitest counts no failed test', () => {
    const report = vitestReport({
      numFailedTestSuites: 1,
      success: false,
      testResults: [
        ...vitestReport().testResults,
        { name: '/p/broken.test.ts', status: 'failed', message: 'boom at import', assertionResults: [] },
      ],
    });
    expect(lastLine([unit(report, 1)])).toBe('3 passed, 1 failed, 1 skipped');
  });

  it('counts a file whose afterAll threw, with every test in it passed', () => {
    const report = vitestReport({
      testResults: [{ name: '/p/hook.test.ts', status: 'failed', message: 'afterAll broke', assertionResults: [{ status: 'passed' }] }],
    });
    expect(runTotals([unit(report, 1)]).failed).toBe(1);
  });

  it('does not count a file twice when its failure is a failed test', () => {
    const report = vitestReport({
      numFailedTests: 1,
      testResults: [
        { name: '/p/a.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'failed' }, { status: 'passed' }] },
      ],
    });
    expect(runTotals([unit(report, 1)]).failed).toBe(1);
  });

  it('adds a failure for a runner that exits non-zero over a report with none (an unhandled error)', () => {
    const totals = runTotals([unit(vitestReport(), 1)]);
    expect(totals.failed).toBe(1);
    expect(totals.problems).toEqual(['unit tests (exited with 1)']);
    expect(exitCodeOf(totals)).toBe(1);
  });

  it('counts a missing, unreadable or shapeless report as a failure, whatever the exit code', () => {
    for (const text of [undefined, '{"numPassedT', '{}']) {
      const totals = runTotals([{ name: 'unit tests', exitCode: 0, report: { kind: 'vitest', text } }]);
      expect(totals.failed).toBe(1);
    }
    expect(runTotals([{ name: 'e2e tests', exitCode: 1, report: { kind: 'playwright', text: '{"stats":{}}' } }]).failed).toBe(1);
  });

  it("counts Playwright's errors outside tests (global setup) as failed", () => {
    const report = playwrightReport([pwTest('skipped'), pwTest('skipped')], [{ message: 'Error: global setup: server did not start' }]);
    expect(lastLine([e2e(report, 1)])).toBe('0 passed, 1 failed, 2 skipped');
  });

  it('counts interrupted and timed-out tests as failed, though Playwright files an interrupted one under skipped', () => {
    const report = playwrightReport([pwTest('expected', 'passed'), pwTest('skipped', 'interrupted'), pwTest('unexpected', 'timedOut')]);
    expect(lastLine([e2e(report, 130)])).toBe('1 passed, 2 failed, 0 skipped');
  });

  it('reports flaky tests as passed on a line of their own before the closing line', () => {
    const report = playwrightReport([
      pwTest('flaky', 'failed', 'passed'),
      pwTest('flaky', 'timedOut', 'passed'),
      pwTest('expected', 'passed'),
    ]);
    expect(closingLines(runTotals([e2e(report, 0)]))).toEqual(['(2 flaky: passed on retry)', '3 passed, 0 failed, 0 skipped']);
  });

  it('counts a failed check, a runner killed by a signal and a suite that never ran', () => {
    const totals = runTotals([
      { name: 'lint', exitCode: 2 },
      unit(vitestReport(), null),
      { name: 'e2e tests', exitCode: null, notRun: 'the build failed' },
    ]);
    expect(totals.failed).toBe(3);
    expect(closingLines(totals)[0]).toBe(
      'Failed: lint (exited with 2), unit tests (killed before it finished), e2e tests (not run: the build failed)',
    );
  });

  it('never reads 0 failed when any step exited non-zero', () => {
    const reports: StepOutcome[] = [
      unit(vitestReport(), 1),
      unit(vitestReport({ success: false }), 1),
      e2e(playwrightReport([pwTest('expected', 'passed')]), 1),
      e2e(playwrightReport([pwTest('skipped')]), 1),
      { name: 'unit tests', exitCode: 1, report: { kind: 'vitest', text: undefined } },
    ];
    for (const failing of [...reports, { name: 'build', exitCode: 1 }, { name: 'typecheck', exitCode: null }]) {
      const totals = runTotals([unit(vitestReport(), 0), failing]);
      expect(lastLine([unit(vitestReport(), 0), failing]), failing.name).toMatch(/^\d+ passed, [1-9]\d* failed, \d+ skipped$/);
      expect(exitCodeOf(totals)).toBe(1);
    }
  });
});

describe('npm test totals over a real vitest run', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'inspector-totals-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs vitest the way `npm test` does, on the given files, and sums what it leaves behind. */
  async function vitestStep(files: Record<string, string>): Promise<StepOutcome> {
    const caseDir = mkdtempSync(path.join(dir, 'case-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(caseDir, name), text);
    writeFileSync(path.join(caseDir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.mjs'], globals: true } };\n");
    const reportFile = path.join(caseDir, 'unit.json');
    // Not the outer run's variables: the inner vitest would take itself for one of its workers.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'));
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(
        path.join(root, 'node_modules/.bin/vitest'),
        ['run', '--reporter=json', `--outputFile.json=${reportFile}`, '--config', path.join(caseDir, 'vitest.config.mjs')],
        { cwd: caseDir, env, stdio: 'ignore' },
      );
      child.on('close', resolve);
    });
    const text = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : undefined;
    return { name: 'unit tests', exitCode, report: { kind: 'vitest', text } };
  }

  it('ends with at least 1 failed when a test file throws at import', { timeout: 60_000 }, async () => {
    const step = await vitestStep({
      'fine.test.mjs': "test('passes', () => {});\n",
      'broken.test.mjs': "throw new Error('boom at import');\n",
    });
    expect(step.exitCode).toBe(1);
    expect(step.report?.text).toBeDefined();
    const totals = stepTotals(step);
    expect(totals).toMatchObject({ passed: 1, failed: 1 });
    expect(closingLines(totals).at(-1)).toBe('1 passed, 1 failed, 0 skipped');
  });

  it('ends with at least 1 failed when a test leaves an unhandled error behind', { timeout: 60_000 }, async () => {
    const step = await vitestStep({
      'leaks.test.mjs':
        "test('leaks', async () => { setTimeout(() => { throw new Error('late'); }, 1); await new Promise((r) => setTimeout(r, 50)); });\n",
    });
    expect(step.exitCode).toBe(1);
    expect(JSON.parse(step.report?.text ?? '{}')).toMatchObject({ numFailedTests: 0, numFailedTestSuites: 0 });
    expect(stepTotals(step).failed).toBeGreaterThanOrEqual(1);
  });
});
