/**
 * The sign-in's loopback port for both hosts (core/app/sign-in.ts LoopbackPort): a fetch-style
 * handler served on 127.0.0.1 at the port the user registered, and the system browser where the
 * host has one (Electron's shell.openExternal; the CLI and browser mode show the link instead).
 */

import type { LoopbackPort } from '../core/profiles/sign-in';
import { serveOnLoopback } from './node-http';

export function loopbackPort(openExternal?: (url: string) => Promise<void>): LoopbackPort {
  return {
    async listen(port, handle) {
      const server = await serveOnLoopback((request) => handle(request), port);
      return { close: server.close };
    },
    ...(openExternal ? { openExternal } : {}),
  };
}
