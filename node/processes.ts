/**
 * Which processes are still running, and ending the CLI with the `npm run` that started it.
 *
 * `npm run inspector -- export …` runs `npm → sh -c → node`. npm passes SIGINT and SIGTERM on to
 * the shell only; the shell dies of SIGTERM without passing it on, and a SIGHUP ends npm alone.
 * Either way node ran on as an orphan, still looking messages up and writing its export. So when
 * npm started it, the CLI watches its launchers (the shell and npm) and, once one is gone, ends
 * itself as SIGTERM would end it: an export is cancelled, its temp file removed.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Whether `pid` is a live process (of any user); a zombie, dead but not yet reaped, is not. */
export function isProcessRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procInfo(pid)?.zombie !== true;
}

interface ProcessInfo {
  parentPid: number;
  command: string;
  zombie: boolean;
}

/** From /proc (Linux); undefined where there is none. Cheap enough to ask twice a second. */
function procInfo(pid: number): ProcessInfo | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, parentPid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { parentPid: Number(parentPid), command, zombie: state === 'Z' };
  } catch {
    return undefined;
  }
}

/** From /proc where there is one, else from ps (macOS, the BSDs); undefined if neither says. */
function processInfo(pid: number): ProcessInfo | undefined {
  const info = procInfo(pid);
  if (info || process.platform === 'win32') return info;
  try {
    const line = execFileSync('ps', ['-o', 'ppid=,stat=,args=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line.trim());
    return match ? { parentPid: Number(match[1]), command: match[3]!, zombie: match[2]!.startsWith('Z') } : undefined;
  } catch {
    return undefined;
  }
}

/** npm's process: its title is `npm run …`, or node running npm-cli.js. */
const NPM = /(?:^|[/\\\s])npm(?:-cli\.js)?(?:\s|$)/;

/**
 * The processes between this one and the `npm run` that started it, npm included, nearest first;
 * empty when npm did not start it. At most three levels up (`npm → sh → node`, or with a wrapper
 * such as tsx one more), so a shell or supervisor above npm is never watched.
 */
export function npmLaunchers(env: Record<string, string | undefined> = process.env): number[] {
  if (env.npm_lifecycle_event === undefined || process.platform === 'win32') return [];
  const chain: number[] = [];
  let pid = process.ppid;
  for (let level = 0; level < 3 && pid > 1; level += 1) {
    const info = processInfo(pid);
    if (!info) return [];
    chain.push(pid);
    if (NPM.test(info.command)) return chain;
    pid = info.parentPid;
  }
  return [];
}

/**
 * Calls `onGone` once, when this process has been orphaned or one of `launchers` has ended. The
 * timer does not keep the process alive; the returned function stops watching.
 */
export function watchLaunchers(launchers: number[], onGone: () => void, intervalMs = 500): () => void {
  if (launchers.length === 0) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent && launchers.every(isProcessRunning)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
