/**
 * ASCII whitespace around a value read from a file (not part of the public surface: the model's
 * barrel does not export it). Readers trim enums and numbers of it, and the checks of raw input
 * read values the same way.
 */

/** ASCII whitespace: tab, line feed, form feed, carriage return, space. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** The text without ASCII whitespace at either end; the text itself (no copy) when it has none. */
export function trimAsciiSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
