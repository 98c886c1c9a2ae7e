/**
 * The Content-Security-Policy of production builds: no remote scripts, no eval, nothing framed,
 * and network access only to our own origin (the HTTP bridge in browser mode; nothing in the
 * desktop app, where all calls go over IPC). Built into index.html as a meta tag, so it holds
 * for file:// pages and browser mode alike; `frame-ancestors` only works as a header, which
 * browser mode adds.
 */
export const PRODUCTION_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const PRODUCTION_CSP_HEADER = `${PRODUCTION_CSP}; frame-ancestors 'none'`;
