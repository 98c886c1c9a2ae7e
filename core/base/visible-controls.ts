/**
 * Text that others wrote (a message, a platform `msg`, a proxy's body, a file name), made safe to
 * print for a person: every character that could rewrite a terminal or a log line — ESC and the
 * other C0 controls, DEL, the C1 controls (0x9b is CSI on some terminals), a carriage return
 * that is not part of a line break, and the bidi overrides and isolates that reorder what is
 * shown (Trojan Source) — is replaced by its escape, `\x1b`, `\x0d` or `\u202e`, so that it is
 * seen rather than obeyed or hidden. Line feeds and tabs of multi-line text stay; a CR LF line
 * break becomes LF. Applying it twice changes nothing more.
 *
 * For what is printed for a terminal or shown as plain text; files and JSON keep what was sent.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROLS = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function withVisibleControls(text: string): string {
  return text.replace(CONTROLS, (match) => {
    if (match === '\r\n') return '\n';
    const code = match.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
