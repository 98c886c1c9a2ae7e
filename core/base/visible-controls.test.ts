import { describe, expect, it } from 'vitest';
import { withVisibleControls } from './visible-controls';

/** Every character a terminal may obey rather than print (plus DEL and the bidi controls). */
const OBEYED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

describe('withVisibleControls', () => {
  it.each([
    ['clear the screen and home the cursor', 'hi\u001b[2J\u001b[H', 'hi\\x1b[2J\\x1b[H'],
    ['set the window title (OSC 0, BEL-terminated)', '\u001b]0;pwned\u0007ok', '\\x1b]0;pwned\\x07ok'],
    [
      'a hyperlink (OSC 8, ST-terminated)',
      '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
      '\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\',
    ],
    ['overwrite the line with a lone CR', 'payment failed\rpayment ok    ', 'payment failed\\x0dpayment ok    '],
    ['erase with backspaces', 'rm -rf /\b\b\b\b\b\b\bls', 'rm -rf /\\x08\\x08\\x08\\x08\\x08\\x08\\x08ls'],
    ['an 8-bit CSI (C1)', 'a\u009b2Jb', 'a\\x9b2Jb'],
    ['NUL, DEL, vertical tab and form feed', 'a\u0000b\u007fc\u000bd\u000ce', 'a\\x00b\\x7fc\\x0bd\\x0ce'],
    ['a right-to-left override (Trojan Source)', 'invoice\u202Efdp.exe', 'invoice\\u202efdp.exe'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', '\\u2066a\\u2067b\\u2068c\\u2069'],
  ])('makes visible what would %s', (_what, hostile, shown) => {
    const out = withVisibleControls(hostile);
    expect(out).toBe(shown);
    expect(out).not.toMatch(OBEYED);
  });

  it('keeps line feeds and tabs of multi-line text; a CR LF line break becomes LF', () => {
    expect(withVisibleControls('line 1\r\nline 2\n\tindented\n')).toBe('line 1\nline 2\n\tindented\n');
    expect(withVisibleControls('a\r\r\nb')).toBe('a\\x0d\nb');
  });

  it('leaves ordinary text alone, Chinese, emoji and backslashes included', () => {
    const text = '你好 👋 C:\\Users\\x\\n "quoted" ‏مرحبا';
    expect(withVisibleControls(text)).toBe(text);
  });

  it('changes nothing more when applied twice', () => {
    const once = withVisibleControls('\u001b[31mred\u001b[0m\r\u202e');
    expect(withVisibleControls(once)).toBe(once);
  });

  it('leaves nothing a terminal obeys, whatever the input', () => {
    let all = '';
    for (let code = 0; code < 0x3000; code += 1) all += String.fromCharCode(code);
    const out = withVisibleControls(all);
    expect(out.replace(/[\n\t]/g, '')).not.toMatch(OBEYED);
    expect(out).toContain('\\x1b');
  });
});
