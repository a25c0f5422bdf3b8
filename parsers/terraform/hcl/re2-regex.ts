import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

// Terraform's regular expressions (`regex`, `regexall`, `replace` with /re/)
// are Go's RE2: linear time by design, with RE2's syntax ((?P<name>…),
// (?i:…), \A, \z, \Q…\E, [[:alpha:]], \pL). JavaScript's RegExp backtracks
// (`(a|aa)+$` on a long string never ends) and reads several of these
// differently, so they run on re2js, a pure-JavaScript port of RE2 (MIT).
// Terraform documents its syntax at
// https://developer.hashicorp.com/terraform/language/functions/regex.
//
// re2js is loaded on first use (about 90 ms on this machine, against a scan
// start-up of a few tens): most configurations call no regex function.

/** Longest pattern and subject evaluated; longer ones yield Unknown. */
export const MAX_PATTERN_LENGTH = 2000;
export const MAX_SUBJECT_LENGTH = 200_000;

type Re2Module = { RE2JS: typeof RE2JS };
let re2: Re2Module | undefined;

function re2js(): Re2Module {
  if (!re2) re2 = createRequire(import.meta.url)('re2js') as Re2Module;
  return re2;
}

/** One match: the whole match and each group (null when the group took no part), and named groups. */
export interface RegexMatch {
  [index: number]: string | null;
  length: number;
  groups?: Record<string, string | null>;
}

export interface TerraformRegex {
  /** Capturing groups, and which of them have names. */
  groupCount: number;
  names: [string, number][];
  /** Go's FindAll: successive non-overlapping matches; an empty match right after a match is skipped. */
  matches(subject: string): Generator<RegexMatch & { start: number; end: number }>;
}

/** The pattern compiled with RE2 semantics, or undefined when re2js rejects it (the caller answers Unknown). */
export function compileTerraformRegex(pattern: string): TerraformRegex | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let re: RE2JS;
  try {
    re = re2js().RE2JS.compile(pattern);
  } catch {
    return undefined;
  }
  const groupCount = re.groupCount();
  const names = Object.entries(re.namedGroups()).sort((a, b) => a[1] - b[1]);
  return {
    groupCount,
    names,
    *matches(subject: string) {
      const m = re.matcher(subject);
      let pos = 0;
      let prevEnd = -1;
      while (pos <= subject.length && m.find(pos)) {
        const start = m.start();
        const end = m.end();
        let accept = true;
        if (end === start && start === pos) {
          if (start === prevEnd) accept = false;
          const code = subject.charCodeAt(pos);
          pos += code >= 0xd800 && code <= 0xdbff && pos + 1 < subject.length ? 2 : 1;
        } else pos = end;
        prevEnd = end;
        if (!accept) continue;
        const match: RegexMatch & { start: number; end: number } = { length: groupCount + 1, start, end };
        for (let g = 0; g <= groupCount; g++) match[g] = m.group(g);
        if (names.length > 0) {
          const groups: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
          for (const [name, index] of names) groups[name] = match[index] ?? null;
          match.groups = groups;
        }
        yield match;
      }
    },
  };
}

/**
 * Expands a Go regexp replacement template (`$1`, `${1}`, `${name}`, `$$`)
 * for one match, as Go's Regexp.Expand does: `$name` takes the longest run
 * of letters, digits and underscores, and an unknown group expands to "".
 */
export function expandReplacement(template: string, match: RegexMatch): string {
  const out: string[] = [];
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c !== '$' || i + 1 >= template.length) {
      out.push(c);
      i++;
      continue;
    }
    if (template[i + 1] === '$') {
      out.push('$');
      i += 2;
      continue;
    }
    let name: string;
    let next: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close < 0) {
        out.push(c);
        i++;
        continue;
      }
      name = template.slice(i + 2, close);
      next = close + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1, i + 65));
      if (!m) {
        out.push(c);
        i++;
        continue;
      }
      name = m[0];
      next = i + 1 + name.length;
    }
    if (/^\d+$/.test(name)) out.push(match[Number(name)] ?? '');
    else out.push(match.groups?.[name] ?? '');
    i = next;
  }
  return out.join('');
}
