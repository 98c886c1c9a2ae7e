#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, build, unit tests (vitest) and e2e (Playwright in Chromium), then
 * one closing line `N passed, N failed, N skipped` that adds unit and e2e results up. A check
 * that fails outside a test runner (typecheck, lint, build) counts as one failure, so the line
 * never reads green while something is red.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const bin = (name) => path.join(root, 'node_modules/.bin', name);
const failedChecks = [];

function step(name, command, args, env = {}) {
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) failedChecks.push(name);
  return ok;
}

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
const built = step('build', bin('vite'), ['build', '--logLevel', 'warn']);

const unitReport = path.join(reports, 'unit.json');
step('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);

const e2eReport = path.join(reports, 'e2e.json');
if (built) {
  step('e2e tests', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
} else {
  process.stdout.write('\n▶ e2e tests: not run, the build failed\n');
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let missingReports = [];
if (existsSync(unitReport)) {
  const unit = JSON.parse(readFileSync(unitReport, 'utf8'));
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
} else missingReports.push('unit');
if (existsSync(e2eReport)) {
  const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
} else missingReports.push('e2e');

// A runner that crashed before writing its report is a failure too.
const stepFailures = failedChecks.filter(
  (name) => !(name === 'unit tests' && existsSync(unitReport)) && !(name === 'e2e tests' && existsSync(e2eReport)),
);
for (const name of missingReports) if (!stepFailures.includes(`${name} tests`)) stepFailures.push(`${name} report missing`);
totals.failed += stepFailures.length;

if (failedChecks.length) process.stdout.write(`\nFailed: ${failedChecks.join(', ')}\n`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedChecks.length || totals.failed ? 1 : 0);
