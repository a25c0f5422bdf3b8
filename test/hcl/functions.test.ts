import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../../core/unknown.js';
import { isBuiltinFunction } from '../../parsers/terraform/hcl/functions.js';
import { run, thrown } from './helpers.js';

/** [expression, expected value] — results as Terraform gives them. */
type Case = [string, unknown];

const table: Record<string, Case[]> = {
  jsonencode: [
    ['jsonencode({ b = 1, a = "x" })', '{"a":"x","b":1}'],
    ['jsonencode([1, 2.5, true, null, "é"])', '[1,2.5,true,null,"é"]'],
    ['jsonencode("<a href=\\"x\\">&</a>")', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'],
    ['jsonencode("line\\nbreak\\ttab")', '"line\\nbreak\\ttab"'],
    ['jsonencode(1e21)', '1000000000000000000000'],
    ['jsonencode({})', '{}'],
  ],
  jsondecode: [
    ['jsondecode("{\\"a\\":[1,true,null],\\"b\\":{\\"c\\":\\"d\\"}}")', { a: [1, true, null], b: { c: 'd' } }],
    ['jsondecode("\\"s\\"")', 's'],
    ['jsondecode(jsonencode({ x = [1, "2"] }))', { x: [1, '2'] }],
  ],
  yamldecode: [
    ['yamldecode("a: [1, true, null]\\nb:\\n  c: d\\n")', { a: [1, true, null], b: { c: 'd' } }],
    // YAML 1.2: `yes` and `on` are strings, not booleans; keys are strings.
    ['yamldecode("flag: yes\\nwhen: on\\n1: one\\n")', { flag: 'yes', when: 'on', '1': 'one' }],
    ['yamldecode("base: &b {x: 1}\\nuse: *b\\n")', { base: { x: 1 }, use: { x: 1 } }],
    ['yamldecode("t: !!timestamp 2024-01-01\\nb: !!binary aGk=\\nd: 2024-01-01\\n")', { t: '2024-01-01T00:00:00Z', b: 'aGk=', d: '2024-01-01' }],
    ['yamldecode("__proto__: {polluted: true}\\n")', JSON.parse('{"__proto__": {"polluted": true}}')],
  ],
  format: [
    ['format("Hello, %s!", "Ander")', 'Hello, Ander!'],
    ['format("There are %d lights", 4)', 'There are 4 lights'],
    ['format("%10s|%-10s|", "hello", "hello")', '     hello|hello     |'],
    ['format("%.2s %4.2s %q %.2q", "hello", "hello", "hi", "hello")', 'he   he "hi" "he"'],
    ['format("%5d|%-5d|%+d|% d|%05d", 10, 10, 10, 10, -42)', '   10|10   |+10| 10|-0042'],
    ['format("%b %o %x %X %#x", 5, 9, 254, 254, 255)', '101 11 fe FE 0xff'],
    ['format("%f %.1f %.4f", 10, "1.06", 1)', '10.000000 1.1 1.0000'],
    ['format("%e %E %g %G %g", 1000, 1000, 1000, 1000, 0.5)', '1.000000e+03 1.000000E+03 1000 1000 0.5'],
    ['format("%v %v %v %v", "s", 2, true, null)', 's 2 true null'],
    ['format("%v", 1000000)', '1e+06'],
    ['format("%#v %#v %#v", "hello", { a = [1, true] }, null)', '"hello" {"a":[1,true]} null'],
    ['format("%[2]s %[1]s %s", "a", "b")', 'b a b'],
    ['format("%t %t", true, "false")', 'true false'],
    ['format("100%% %s", "sure")', '100% sure'],
    ['format("%s", 1.5)', '1.5'],
    ['format("%4s|", "💃🏿")', '   💃🏿|'],
    ['format("no verbs")', 'no verbs'],
  ],
  formatlist: [
    ['formatlist("%s-%s", ["a", "b"], "x")', ['a-x', 'b-x']],
    ['formatlist("%s=%d", ["a", "b"], [1, 2])', ['a=1', 'b=2']],
    ['formatlist("%s", [])', []],
  ],
  concat: [
    ['concat([1], [2, 3], [])', [1, 2, 3]],
    ['concat()', []],
  ],
  merge: [
    ['merge({ a = 1, b = 2 }, { b = 3 }, null, { c = [4] })', { a: 1, b: 3, c: [4] }],
    ['merge()', {}],
  ],
  lookup: [
    ['lookup({ a = 1 }, "a")', 1],
    ['lookup({ a = 1 }, "b", "default")', 'default'],
  ],
  coalesce: [
    ['coalesce("", null, "x", "y")', 'x'],
    ['coalesce(null, 2)', 2],
    ['coalesce(1, "a")', '1'],
  ],
  coalescelist: [['coalescelist([], ["a"], ["b"])', ['a']]],
  compact: [['compact(["a", "", null, "b"])', ['a', 'b']]],
  flatten: [
    ['flatten([[1, [2]], 3, [], [[[4]]]])', [1, 2, 3, 4]],
    ['flatten([{ a = [1] }])', [{ a: [1] }]],
  ],
  distinct: [['distinct(["a", "b", "a", "c", "b"])', ['a', 'b', 'c']]],
  contains: [
    ['contains(["a", "b"], "b")', true],
    ['contains([1, 2], "1")', false],
    ['contains([[1]], [1])', true],
  ],
  keys: [['keys({ b = 1, a = 2, "10" = 3 })', ['10', 'a', 'b']]],
  values: [['values({ b = 1, a = 2 })', [2, 1]]],
  tostring: [
    ['tostring(1.5)', '1.5'],
    ['tostring(true)', 'true'],
    ['tostring(null)', null],
    ['tostring(1e21)', '1000000000000000000000'],
  ],
  tonumber: [
    ['tonumber("12")', 12],
    ['tonumber("-1.5e1")', -15],
    ['tonumber(3)', 3],
    ['tonumber(null)', null],
  ],
  tobool: [
    ['tobool("false")', false],
    ['tobool("true")', true],
    ['tobool(true)', true],
    ['tobool(null)', null],
  ],
  tolist: [['tolist(["a", 1, true])', ['a', '1', 'true']]],
  toset: [
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['toset([3, 1, 3])', [1, 3]],
  ],
  tomap: [['tomap({ a = 1, b = "x" })', { a: '1', b: 'x' }]],
  length: [
    ['length("héllo")', 5],
    ['length("👍🏽")', 1],
    ['length([1, 2])', 2],
    ['length({ a = 1 })', 1],
    ['length("")', 0],
  ],
  element: [
    ['element(["a", "b"], 1)', 'b'],
    ['element(["a", "b"], 3)', 'b'],
  ],
  index: [['index(["a", "b"], "b")', 1]],
  join: [
    ['join(",", ["a", "b"], ["c"])', 'a,b,c'],
    ['join("-", [])', ''],
    ['join(" ", [1, true])', '1 true'],
  ],
  split: [
    ['split(",", "a,b,,c")', ['a', 'b', '', 'c']],
    ['split(",", "")', ['']],
  ],
  replace: [
    ['replace("hello world", "o", "0")', 'hell0 w0rld'],
    ['replace("abc", "", "-")', '-a-b-c-'],
    ['replace("a1b22c", "/[0-9]+/", "#")', 'a#b#c'],
    ['replace("john@example", "/(\\\\w+)@(\\\\w+)/", "$2 at $${1}")', 'example at john'],
    ['replace("john@example", "/(?P<user>\\\\w+)@/", "$${user}$$")', 'john$example'],
    ['replace("ABC", "/(?i)b/", "x")', 'AxC'],
  ],
  regex: [
    ['regex("[a-z]+", "123abc456")', 'abc'],
    ['regex("(\\\\d+)-(\\\\d+)", "10-20")', ['10', '20']],
    ['regex("(?P<a>\\\\d+)x", "5x")', { a: '5' }],
  ],
  regexall: [['regexall("[0-9]+", "a1b22c333")', ['1', '22', '333']]],
  lower: [['lower("HeLLo")', 'hello']],
  upper: [['upper("hello é")', 'HELLO É']],
  title: [['title("hello world")', 'Hello World']],
  strrev: [['strrev("abc")', 'cba']],
  chomp: [['chomp("hello\\n\\n")', 'hello']],
  trimspace: [['trimspace("  a b \\n")', 'a b']],
  trim: [['trim("?!hello?!", "!?")', 'hello']],
  trimprefix: [
    ['trimprefix("helloworld", "hello")', 'world'],
    ['trimprefix("helloworld", "x")', 'helloworld'],
  ],
  trimsuffix: [['trimsuffix("helloworld", "world")', 'hello']],
  substr: [
    ['substr("hello world", 1, 4)', 'ello'],
    ['substr("hello", -3, -1)', 'llo'],
    ['substr("hello", 0, 100)', 'hello'],
    ['substr("🤔🤷", 0, 1)', '🤔'],
  ],
  startswith: [
    ['startswith("hello", "he")', true],
    ['startswith("hello", "lo")', false],
  ],
  endswith: [['endswith("hello", "lo")', true]],
  indent: [['indent(2, "a\\nb")', 'a\n  b']],
  base64encode: [['base64encode("Hello")', 'SGVsbG8=']],
  base64decode: [['base64decode("SGVsbG8=")', 'Hello']],
  urlencode: [['urlencode("a b&c")', 'a+b%26c']],
  min: [['min(3, 1, 2)', 1]],
  max: [
    ['max(3, 1, 2)', 3],
    ['max([5, 9, 2]...)', 9],
  ],
  abs: [['abs(-1.5)', 1.5]],
  ceil: [['ceil(4.1)', 5]],
  floor: [['floor(-4.1)', -5]],
  signum: [['signum(-3)', -1]],
  pow: [['pow(2, 10)', 1024]],
  parseint: [
    ['parseint("FF", 16)', 255],
    ['parseint("-101", 2)', -5],
  ],
  range: [
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(1, 8, 2)', [1, 3, 5, 7]],
    ['range(5, 1)', [5, 4, 3, 2]],
    ['range(0)', []],
  ],
  slice: [['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']]],
  reverse: [['reverse([1, 2, 3])', [3, 2, 1]]],
  sort: [['sort(["b", "a", "10", "9"])', ['10', '9', 'a', 'b']]],
  zipmap: [['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }]],
  one: [
    ['one([])', null],
    ['one(["x"])', 'x'],
    ['one(null)', null],
  ],
  sum: [['sum([1, 2, 3.5])', 6.5]],
  alltrue: [
    ['alltrue([true, "true"])', true],
    ['alltrue([])', true],
    ['alltrue([true, false])', false],
  ],
  anytrue: [
    ['anytrue([false, true])', true],
    ['anytrue([])', false],
  ],
  chunklist: [['chunklist([1, 2, 3], 2)', [[1, 2], [3]]]],
  setunion: [['setunion(["a"], ["b", "a"])', ['a', 'b']]],
  setintersection: [['setintersection(["a", "b"], ["b", "c"])', ['b']]],
  setsubtract: [['setsubtract(["a", "b"], ["b"])', ['a']]],
};

describe('function table', () => {
  for (const [name, cases] of Object.entries(table)) {
    it(name, () => {
      expect(isBuiltinFunction(name)).toBe(true);
      for (const [src, want] of cases) expect(run(src), src).toEqual(want);
    });
  }
});

describe('function errors, as Terraform reports them', () => {
  const errors: Array<[string, RegExp]> = [
    ['format("%s")', /^not enough arguments for "%s" at 0: need index 1 but have 0 total$/],
    ['format("%d", 1, 2)', /^too many arguments; only 1 used by format string$/],
    ['format("x", 1)', /^too many arguments; no verbs in format string$/],
    ['format("%z", 1)', /^unsupported format verb "z"/],
    ['format("%s", null)', /null value cannot be formatted/],
    ['format("%d", 1.5)', /an integer is required/],
    ['formatlist("%s %s", ["a", "b"], ["c"])', /argument 2 has length 1, which is inconsistent with argument 1 of length 2/],
    ['lookup({ a = 1 }, "b")', /^lookup failed to find key "b"$/],
    ['yamldecode("a: 1\\n---\\nb: 2\\n")', /more than one YAML document/],
    ['yamldecode("a: .inf\\n")', /cannot represent/],
    ['yamldecode("a: [1\\n")', /not valid YAML/],
    ['yamldecode("a: &x [*x]\\n")', /YAML/],
    ['coalesce(null, "")', /no non-null, non-empty-string arguments/],
    ['tonumber("twelve")', /a number is required, got the string "twelve"/],
    ['tobool("yes")', /a bool is required, got the string "yes"/],
    ['tostring([])', /a string is required, got list/],
    ['element([], 0)', /empty list/],
    ['index(["a"], "z")', /item not found/],
    ['one([1, 2])', /either zero or one elements/],
    ['sum([])', /cannot sum an empty list/],
    ['slice([1], 0, 2)', /end index must not be greater than the length/],
    ['zipmap(["a"], [])', /number of keys \(1\) does not match number of values \(0\)/],
    ['jsondecode("{bad")', /not valid JSON/],
    ['regex("x", "abc")', /did not match/],
    ['range(1, 5, 0)', /step must not be zero/],
    ['upper()', /^function upper\(\) expects 1 argument, got 0$/],
    ['substr("abc", 0)', /expects 3 arguments, got 2/],
    ['join(",", [null])', /element is null/],
    ['max([1, 2])', /a number is required, got list/],
    ['concat(1)', /a list is required, got number/],
  ];
  for (const [src, pattern] of errors) {
    it(src, () => {
      const e = thrown(() => run(src));
      expect(e.message).toMatch(pattern);
      expect(e.range?.start.line).toBe(1);
    });
  }
});

describe('functions that are never computed', () => {
  it('returns unknown for files, time and randomness, reading nothing', () => {
    for (const src of ['file("/etc/passwd")', 'templatefile("${path.module}/p.json", {})', 'filebase64("x")', 'fileexists("x")']) {
      const v = run(src) as Unknown;
      expect(v, src).toBeInstanceOf(Unknown);
      expect(v.reason, src).toMatch(/never reads files/);
    }
    expect(run('timestamp()')).toEqual(new Unknown('timestamp() is known only when Terraform runs', [], true));
    expect(isUnknown(run('uuid()'))).toBe(true);
  });

  it('returns unknown for unsupported functions, keeping the refs of the arguments', () => {
    expect(run('sha256(aws_s3_bucket.b.arn)')).toEqual(new Unknown('unsupported function sha256', [{ address: 'aws_s3_bucket.b', attribute: 'arn' }], false));
    expect((run('provider::aws::arn_parse("arn:aws:s3:::b")') as Unknown).reason).toBe('unsupported function provider::aws::arn_parse');
  });

  it('chomps a string with a long run of newlines inside it at once (the pattern it used took minutes)', () => {
    const inner = `a${'\\n'.repeat(200_000)}b`;
    expect((run(`chomp("${inner}\\r\\n\\n")`) as string).length).toBe(200_002);
  });

  // Terraform's regex functions are RE2 (Go's regexp): linear time, and RE2's syntax.
  // https://developer.hashicorp.com/terraform/language/functions/regex
  it('evaluates patterns a backtracking engine would hang on, in linear time, with Terraform\'s answers', () => {
    const long = `${'a'.repeat(50_000)}!`;
    const started = performance.now();
    // No match: regex() is an error in Terraform, regexall() an empty list, replace() leaves the string.
    expect(thrown(() => run(`regex("(a|aa)+$", "${long}")`)).message).toMatch(/did not match/);
    expect(run(`can(regex("(a|aa)+$", "${long}"))`)).toBe(false);
    expect(run(`regexall("(a|aa)+$", "${long}")`)).toEqual([]);
    const stars = `${'a*'.repeat(30)}b`;
    expect(run(`replace("${long}", "/${stars}/", "x")`)).toBe(long);
    expect(run(`length(regexall("${stars}", "${'a'.repeat(50_000)}b"))`)).toBe(1);
    for (const pattern of ['(a+)+$', '(a*)*b', '(x+x+)+y', '((ab)+){2,}', '\\\\Aa\\\\z', '(?i:a)b']) {
      expect(run(`replace("${long}", "/${pattern}/", "x")`), pattern).toBe(long);
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('reads RE2 syntax as Terraform does', () => {
    expect(run('replace("aB1", "/[[:alpha:]]+/", "x")')).toBe('x1');
    expect(run('regex("(?i:b)c", "aBc")')).toBe('Bc');
    expect(run('regex("\\\\Aab\\\\z", "ab")')).toBe('ab');
    expect(run('regex("\\\\pL+", "é1")')).toBe('é');
    expect(run('regex("(?P<first>\\\\w+) (?P<last>\\\\w+)", "Ada Lovelace")')).toEqual({ first: 'Ada', last: 'Lovelace' });
    expect(run('regex("(a)|(b)", "b")')).toEqual([null, 'b']);
    // Go's FindAll: an empty match right after a match is skipped.
    expect(run('regexall("a*", "baaab")')).toEqual(['', 'aaa', '']);
    expect(run('replace("baaab", "/a*/", "-")')).toBe('-b-b-');
    expect(thrown(() => run('regex("(?P<a>x)(y)", "xy")')).message).toMatch(/cannot mix both named and unnamed/);
  });

  it('leaves what RE2 rejects (backreferences, lookaround) undetermined, never guessed', () => {
    for (const pattern of ['(a|aa)+\\\\1', '(?=a)a']) {
      const v = run(`replace("aaa", "/${pattern}/", "x")`);
      expect(isUnknown(v), pattern).toBe(true);
      expect((v as Unknown).reason, pattern).toMatch(/regular expression .* is not evaluated/);
    }
  });

  it('lets the caller add or override functions', () => {
    const functions = new Map([['sha256', (args: unknown[]) => `sha(${String(args[0])})`]]);
    expect(run('sha256("x")', {}, { functions })).toBe('sha(x)');
  });
});

describe('unknown arguments', () => {
  it('propagates unknowns through ordinary functions with their refs', () => {
    const v = run('upper(aws_s3_bucket.b.id)') as Unknown;
    expect(v).toEqual(new Unknown('known after apply', [{ address: 'aws_s3_bucket.b', attribute: 'id' }], true));
    expect(isUnknown(run('concat(aws_instance.x[*].id, ["a"])'))).toBe(true);
    expect(isUnknown(run('contains(["a", var.x], "b")'))).toBe(true);
  });

  it('computes what does not depend on the unknown part', () => {
    expect(run('concat([aws_s3_bucket.b.id], ["a"])')).toEqual([new Unknown('known after apply', [{ address: 'aws_s3_bucket.b', attribute: 'id' }], true), 'a']);
    expect(run('merge({ a = var.x }, { b = 1 })')).toMatchObject({ b: 1 });
    expect(run('keys({ a = var.x, b = 1 })')).toEqual(['a', 'b']);
    expect(run('contains(["a", var.x], "a")')).toBe(true);
    expect(run('lookup({ a = var.x, b = 2 }, "b")')).toBe(2);
    expect(run('coalesce("x", var.y)')).toBe('x');
    expect(isUnknown(run('coalesce(var.y, "x")'))).toBe(true);
    expect(run('alltrue([false, var.flag])')).toBe(false);
    expect(run('anytrue([true, var.flag])')).toBe(true);
    expect(run('startswith("arn:aws:s3:::${var.bucket}", "arn:aws:s3:::")')).toBe(true);
    expect(run('startswith("arn:aws:s3:::${var.bucket}", "arn:aws:kms")')).toBe(false);
    expect(isUnknown(run('startswith("${var.partition}:x", "arn")'))).toBe(true);
    expect(run('tostring(aws_s3_bucket.b.id)')).toEqual(new Unknown('known after apply', [{ address: 'aws_s3_bucket.b', attribute: 'id' }], true));
  });
});
