// Text from senders made safe to print on a terminal. Pure.
// Escaped: C0 controls (tab and newline included: a table row stays one line), DEL, C1 controls
// (U+0080–U+009F: some terminals act on them as on ESC sequences), the bidi formatting characters
// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they reorder what is displayed), the
// line and paragraph separators U+2028 and U+2029, and the backslash itself, so that an escape in
// the output always means the character was there and never that the sender typed `\x1b`.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\\]/gu;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/** `text` with every character that could act on a terminal shown as a visible escape. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) as number;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
