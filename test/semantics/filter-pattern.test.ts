import { describe, expect, it } from 'vitest';
import { parseFilterPattern, globMatches, type FilterPattern } from '../../engine/semantics/filter-pattern.js';
import { logEventOf, matches, splitFields } from '../../engine/semantics/filter-pattern-eval.js';
import { parseRegex, regexSearch } from '../../engine/semantics/filter-regex.js';

/**
 * The CloudWatch Logs filter pattern language, construct by construct, with
 * the examples of FilterAndPatternSyntax.html
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 */

function parsed(text: string): FilterPattern {
  const r = parseFilterPattern(text);
  if (!r.ok) throw new Error(`${text}: ${r.problem.message}`);
  return r.pattern;
}

function jsonMatch(pattern: string, record: unknown): boolean {
  return matches(parsed(pattern), logEventOf(record));
}

function textMatch(pattern: string, message: string): boolean {
  return matches(parsed(pattern), { message });
}

function problem(text: string) {
  const r = parseFilterPattern(text);
  if (r.ok) throw new Error(`${text} should be rejected`);
  return r.problem;
}

// The JSON log event of the documentation's JSON examples.
const docEvent = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '123.123.123.123',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  cluster: { nodes: 2 },
  ThisFlag: true,
  bandwidth: 80,
  latency: 800,
};

describe('empty pattern (matches every event: FilterAndPatternSyntaxForMetricFilters.html)', () => {
  it('matches anything', () => {
    expect(parsed('').form).toBe('all');
    expect(parsed('   ').form).toBe('all');
    expect(textMatch('', 'whatever')).toBe(true);
  });
});

describe('terms (FilterAndPatternSyntax.html, "Matching terms in unstructured log events")', () => {
  it('a single term, case-sensitive', () => {
    expect(textMatch('ERROR', '[ERROR 400] BAD REQUEST')).toBe(true);
    expect(textMatch('ERROR', '[error 400] bad request')).toBe(false);
  });
  it('several terms must all appear', () => {
    expect(textMatch('ERROR ARGUMENTS', '[ERROR 419] MISSING ARGUMENTS')).toBe(true);
    expect(textMatch('ERROR ARGUMENTS', '[ERROR 400] BAD REQUEST')).toBe(false);
  });
  it('?term: any of them', () => {
    expect(textMatch('?ERROR ?WARN', '[WARN] disk')).toBe(true);
    expect(textMatch('?ERROR ?WARN', '[INFO] ok')).toBe(false);
  });
  it('a quoted phrase', () => {
    expect(textMatch('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL SERVER ERROR')).toBe(true);
    expect(textMatch('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL ERROR')).toBe(false);
  });
  it('-term excludes', () => {
    expect(textMatch('ERROR -Exiting', 'ERROR Exiting')).toBe(false);
    expect(textMatch('ERROR -Exiting', 'ERROR retrying')).toBe(true);
  });
});

describe('JSON patterns (FilterAndPatternSyntax.html, "Using filter patterns to match terms in JSON log events")', () => {
  it('string equality, quoted and unquoted', () => {
    expect(jsonMatch('{ $.eventType = "UpdateTrail" }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = UpdateTrail }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = "CreateTrail" }', docEvent)).toBe(false);
  });
  it('!= and * wildcards', () => {
    expect(jsonMatch('{ $.sourceIPAddress != 123.123.* }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.sourceIPAddress != 10.* }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = "*Trail" }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = "Up*Tr*l" }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = * }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = "Update\\*" }', { eventType: 'Update*' })).toBe(true);
    expect(jsonMatch('{ $.eventType = "Update\\*" }', { eventType: 'UpdateTrail' })).toBe(false);
  });
  it('a comparison on a missing property is false, != included; NOT EXISTS matches it', () => {
    expect(jsonMatch('{ $.missing != "x" }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.missing NOT EXISTS }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType NOT EXISTS }', docEvent)).toBe(false);
  });
  it('arrays by index', () => {
    expect(jsonMatch('{ $.arrayKey[0] = "value" }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.arrayKey[1] = "value" }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.objectList[1].id = 2 }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.objectList[5].id = 2 }', docEvent)).toBe(false);
  });
  it('numeric comparisons', () => {
    expect(jsonMatch('{ $.bandwidth > 75 }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.latency < 500 }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.latency >= 800 }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.latency <= 799.5 }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.cluster.nodes = 2 }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.cluster.nodes != 2 }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.recipientAccountId = 111122223333 }', { recipientAccountId: '111122223333' })).toBe(true);
  });
  it('IS TRUE, IS FALSE, IS NULL', () => {
    expect(jsonMatch('{ $.ThisFlag IS TRUE }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.ThisFlag IS FALSE }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.SomeObject IS NULL }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.missing IS NULL }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.ThisFlag = "true" }', docEvent)).toBe(true);
  });
  it('&&, || and parentheses', () => {
    expect(jsonMatch('{ ($.eventType = "UpdateTrail") && ($.bandwidth > 75) }', docEvent)).toBe(true);
    expect(jsonMatch('{ ($.eventType = "X") || ($.latency = 800) }', docEvent)).toBe(true);
    expect(jsonMatch('{ ($.eventType = "X" || $.latency = 1) && $.bandwidth > 75 }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.eventType = "X" || $.latency = 800 && $.bandwidth > 75 }', docEvent)).toBe(true);
    expect(jsonMatch('{ ((($.eventType = UpdateTrail))) }', docEvent)).toBe(true);
  });
  it('regex values', () => {
    expect(jsonMatch('{ $.eventType = %Up[a-z]+Trail% }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.eventType = %^Trail% }', docEvent)).toBe(false);
  });
  it('a selector cannot reach inherited properties', () => {
    expect(jsonMatch('{ $.constructor = * }', docEvent)).toBe(false);
    expect(jsonMatch('{ $.__proto__ NOT EXISTS }', docEvent)).toBe(true);
    expect(jsonMatch('{ $.toString NOT EXISTS }', docEvent)).toBe(true);
  });
  it('a JSON pattern does not match a message that is not JSON', () => {
    expect(matches(parsed('{ $.a = * }'), { message: 'a=1' })).toBe(false);
  });
});

describe('space-delimited patterns (FilterAndPatternSyntax.html, "Matching terms in space-delimited log events")', () => {
  const line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';
  it('splits fields on spaces, quotes and brackets', () => {
    expect(splitFields(line)).toEqual(['127.0.0.1', '-', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /apache_pb.gif HTTP/1.0', '404', '1534']);
  });
  it('positional fields with conditions', () => {
    expect(textMatch('[ip, user, username, timestamp, request = "GET *", status_code = 404, bytes > 1000]', line)).toBe(true);
    expect(textMatch('[ip, user, username, timestamp, request, status_code = 4*, bytes]', line)).toBe(true);
    expect(textMatch('[ip, user, username, timestamp, request, status_code = 200, bytes]', line)).toBe(false);
    expect(textMatch('[ip, user, username, timestamp, request, status_code = 200 || status_code = 404, bytes]', line)).toBe(true);
  });
  it('... skips fields', () => {
    expect(textMatch('[..., status_code = 404, bytes]', line)).toBe(true);
    expect(textMatch('[ip = 127.*, ...]', line)).toBe(true);
    expect(textMatch('[ip, user]', line)).toBe(false);
  });
});

describe('standalone regex (FilterAndPatternSyntax.html, "Supported regular expressions")', () => {
  it('matches anywhere', () => {
    expect(textMatch('%AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST')).toBe(true);
    expect(textMatch('%^AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST')).toBe(false);
    expect(textMatch('%Delete.*Policy$%', 'x DeleteRolePolicy')).toBe(true);
    expect(textMatch('%a{2,3}b%', 'xaab')).toBe(true);
    expect(textMatch('%a{2,3}b%', 'xab')).toBe(false);
    expect(textMatch('%[0-9]+|zz%', 'abc1')).toBe(true);
    expect(textMatch('%\\d\\d%', 'a1b2')).toBe(false);
  });
  it('is linear on hostile input', () => {
    const re = parseRegex('a*a*a*a*a*a*a*a*a*a*a*a*b');
    if ('error' in re) throw new Error(re.error);
    const start = performance.now();
    expect(regexSearch(re, 'a'.repeat(20_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('patterns CloudWatch rejects, with their position', () => {
  it.each([
    ['{ $.eventName = CreateTrail ', 1, "missing its closing '}'"],
    ['{ }', 3, 'empty JSON filter pattern'],
    ['{ $.eventName == CreateTrail }', 15, "'==' is not a filter-pattern operator"],
    ['{ $.eventName CreateTrail }', 15, "unknown keyword 'CreateTrail'"],
    ['{ $.eventName = }', 17, 'expected a value'],
    ['{ eventName = CreateTrail }', 3, "expected a selector starting with '$.'"],
    ['{ $.a IS MAYBE }', 10, 'IS must be followed by TRUE, FALSE or NULL'],
    ['{ $.a NOT THERE }', 11, 'NOT must be followed by EXISTS'],
    ['{ ($.a = 1 }', 12, "missing ')'"],
    ['{ $.a = 1 ) }', 11, "unexpected ')'"],
    ['{ $.a = "x }', 9, 'unterminated quoted string'],
    ['{ $.a > "x" }', 9, "'>' compares numbers"],
    ['{ $.a = 1 } extra', 13, 'unexpected text after'],
    ['{ $.a[x] = 1 }', 7, 'array index'],
    ['{ $. = 1 }', 5, "property name after '.'"],
    ['{ $.a = 1 && }', 14, 'expected a condition'],
    ['{ $.a = %(x)% }', 10, 'no parentheses'],
    ['{ $.a = %x% || $.b = %y% || $.c = %z% }', 35, 'at most 2 regexes'],
    ['[a, b', 1, "missing its closing ']'"],
    ['[a b]', 4, "expected ',' or ']'"],
  ])('%s', (text, column, message) => {
    const p = problem(text);
    expect(p.message).toContain(message);
    expect(p.column).toBe(column);
  });
  it('lines and columns count from the pattern start (a heredoc pattern spans lines)', () => {
    const p = problem('{\n  ($.eventName = CreateTrail) ||\n  ($.eventName == DeleteTrail)\n}');
    expect([p.line, p.column, p.offset]).toEqual([3, 16, 50]);
  });
  it('longer than 1024 characters (PutMetricFilter filterPattern length)', () => {
    expect(problem(`{ $.a = "${'x'.repeat(1100)}" }`).message).toContain('at most 1024 characters');
  });
  it('each distinct pattern is parsed once', () => {
    const text = '{ $.eventName = CachedOnce }';
    expect(parseFilterPattern(text)).toBe(parseFilterPattern(text));
  });
});

describe('linear time on hostile patterns', () => {
  it('deep parentheses, long alternations and many wildcards', () => {
    const start = performance.now();
    const deep = `{ ${'('.repeat(400)}$.a = 1${')'.repeat(400)} }`;
    expect(parseFilterPattern(deep).ok).toBe(true);
    const ors = `{ ${Array.from({ length: 40 }, (_, i) => `($.eventName = E${i})`).join(' || ')} }`;
    expect(parseFilterPattern(ors).ok).toBe(true);
    expect(globMatches({ pieces: ['', ...Array(200).fill('a'), 'b'] }, 'a'.repeat(50_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
