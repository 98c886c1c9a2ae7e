/**
 * Ctrl+C and SIGTERM for a long command (an export): the first one aborts the command's signal so
 * it can stop cleanly and say so; further ones are ignored rather than forcing an exit, since one
 * Ctrl+C can arrive twice (the terminal signals the whole process group, and tsx relays it to its
 * child too). `dispose` stops listening; the exit code a signal asks for is 130 (SIGINT) or 143
 * (SIGTERM).
 */

export interface Interruptible {
  readonly controller: AbortController;
  /** The signal that interrupted the command, once one has. */
  interrupted(): NodeJS.Signals | undefined;
  dispose(): void;
}

export function interruptible(): Interruptible {
  const controller = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal ?? 'SIGINT'; // process.emit('SIGINT') passes no name
    controller.abort(new Error(`interrupted (${interrupted})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    controller,
    interrupted: () => interrupted,
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

export const exitCodeFor = (signal: NodeJS.Signals): number => (signal === 'SIGTERM' ? 143 : 130);
