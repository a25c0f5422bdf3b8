/**
 * Quotes text from the input in an error message: at most `max` characters
 * (a parse error must not reprint a long secret that happens to sit where
 * the parser stopped) with control characters escaped.
 */
export function quoteInput(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  // eslint-disable-next-line no-control-regex
  return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/**
 * Input text shown inside a sentence (a location, a variable, a parser's complaint): control characters
 * as `?`, at most `max` characters.
 */
export function oneLine(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

