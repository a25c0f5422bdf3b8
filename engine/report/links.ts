import type { SourceRange } from '../../core/location.js';
import { trimTrailing } from '../../core/trim.js';

/** `--link-base` that is not an absolute http(s) URL a file path can be appended to. */
export class LinkBaseError extends Error {}

/**
 * Checks `--link-base` (`https://github.com/o/r/blob/<sha>`) and returns it
 * normalized, without a trailing slash. Only http and https: a `javascript:`
 * or `data:` base would turn every location of a PR comment into a script
 * link. No user name or password (they would be published in the comment), no
 * query or fragment (the line anchor is appended after the path).
 */
export function parseLinkBase(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LinkBaseError(`--link-base must be an absolute http or https URL (got ${JSON.stringify(text.slice(0, 80))})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LinkBaseError(`--link-base must be an http or https URL, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '') throw new LinkBaseError('--link-base must not carry a user name or password');
  if (url.search !== '' || url.hash !== '') throw new LinkBaseError('--link-base must not have a query (?…) or fragment (#…): the file path and line are appended to it');
  return safeForMarkdown(trimTrailing(url.href, '/'));
}

/**
 * `BASE/dir/file.tf#L12-L14` (`#L12` for one line; no anchor without a line),
 * each path segment percent-encoded. Undefined for a file outside the
 * repository (`../x.tf`, an absolute path): the base cannot address it.
 */
export function locationLink(base: string, relativePath: string, range: SourceRange | undefined): string | undefined {
  if (relativePath === '' || relativePath === '.' || relativePath.startsWith('../') || relativePath === '..' || relativePath.startsWith('/')) {
    return undefined;
  }
  const path = relativePath.split('/').map(encodeSegment).join('/');
  return `${base}/${path}${lineAnchor(range)}`;
}

function lineAnchor(range: SourceRange | undefined): string {
  if (!range || !(range.start.line >= 1)) return '';
  const start = Math.floor(range.start.line);
  const end = Math.floor(range.end.line);
  return end > start ? `#L${start}-L${end}` : `#L${start}`;
}

/** encodeURIComponent leaves `( ) ' ! *` as they are; a `)` would end a Markdown link. */
function encodeSegment(segment: string): string {
  return safeForMarkdown(encodeURIComponent(segment));
}

/** Percent-encodes what could end a Markdown link destination or a table cell. */
function safeForMarkdown(url: string): string {
  return url.replace(/[()'!*|[\]<>\\` ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
