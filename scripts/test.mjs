#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, build, unit tests (vitest) and e2e (Playwright in Chromium), then
 * one closing line `N passed, N failed, N skipped` that adds unit and e2e results up. A check
 * that fails outside a test runner (typecheck, lint, build) counts as one failure, and so does a
 * runner that exits non-zero with no failure in its report, so the line never reads green while
 * something is red (the sums are in ./totals.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { closingLines, exitCodeOf, runTotals } from './totals.mjs';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const bin = (name) => path.join(root, 'node_modules/.bin', name);
const readIfThere = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
/** @type {import('./totals.mjs').StepOutcome[]} */
const steps = [];

function step(name, command, args, { env = {}, report } = {}) {
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  steps.push({ name, exitCode: result.status, ...(report && { report: { kind: report.kind, text: readIfThere(report.file) } }) });
  return result.status === 0;
}

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
const built = step('build', bin('vite'), ['build', '--logLevel', 'warn']);

const unitReport = path.join(reports, 'unit.json');
step('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`], {
  report: { kind: 'vitest', file: unitReport },
});

const e2eReport = path.join(reports, 'e2e.json');
if (built) {
  step('e2e tests', bin('playwright'), ['test'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
    report: { kind: 'playwright', file: e2eReport },
  });
} else {
  process.stdout.write('\n▶ e2e tests: not run, the build failed\n');
  steps.push({ name: 'e2e tests', exitCode: null, notRun: 'the build failed' });
}

const totals = runTotals(steps);
process.stdout.write(`\n${closingLines(totals).join('\n')}\n`);
process.exit(exitCodeOf(totals));
