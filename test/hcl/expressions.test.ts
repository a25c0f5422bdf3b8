import { describe, expect, it } from 'vitest';
import type { ForExpr, FunctionCallExpr, ObjectExpr, SplatExpr, TraversalExpr } from '../../parsers/terraform/hcl/ast.js';
import { at, expr, parse, sexpr } from './helpers.js';

const s = (src: string): string => sexpr(expr(src));

describe('literals', () => {
  it('parses numbers, bools and null', () => {
    expect(expr('42')).toMatchObject({ kind: 'Literal', value: 42, raw: '42' });
    expect(expr('1.5')).toMatchObject({ kind: 'Literal', value: 1.5 });
    expect(expr('3e2')).toMatchObject({ kind: 'Literal', value: 300 });
    expect(expr('2.5E-1')).toMatchObject({ kind: 'Literal', value: 0.25 });
    expect(expr('1e+3')).toMatchObject({ kind: 'Literal', value: 1000 });
    expect(expr('true')).toMatchObject({ kind: 'Literal', value: true });
    expect(expr('false')).toMatchObject({ kind: 'Literal', value: false });
    expect(expr('null')).toMatchObject({ kind: 'Literal', value: null });
  });

  it('keeps the source text of numbers beyond double precision', () => {
    expect(expr('12345678901234567890')).toMatchObject({ raw: '12345678901234567890' });
  });

  it('parses negative numbers as a unary minus', () => {
    expect(s('-1')).toBe('(- 1)');
    expect(s('- -1')).toBe('(- (- 1))');
  });
});

describe('collections', () => {
  it('parses tuples with trailing commas and newlines', () => {
    expect(s('[]')).toBe('[]');
    expect(s('[1, "a", true, null]')).toBe('[1 "a" true null]');
    expect(s('[\n  1,\n  2,\n]')).toBe('[1 2]');
    expect(s('[[1], [2, [3]]]')).toBe('[[1] [2 [3]]]');
  });

  it('parses objects with =, :, commas, newlines and every kind of key', () => {
    expect(s('{}')).toBe('{}');
    expect(s('{ a = 1, b = 2 }')).toBe('{a=1 b=2}');
    expect(s('{ a: 1, "b": 2 }')).toBe('{a=1 "b"=2}');
    expect(s('{\n  a = 1\n  b = 2\n\n  c = 3,\n}')).toBe('{a=1 b=2 c=3}');
    expect(s('{ "quoted key" = 1 }')).toBe('{"quoted key"=1}');
    expect(s('{ (var.k) = 1 }')).toBe('{(paren var.k)=1}');
    expect(s('{ "${var.p}-x" = 1 }')).toBe('{(tpl ${var.p} "-x")=1}');
    expect(s('{ "for" = 1 }')).toBe('{"for"=1}');
  });

  it('takes a bare identifier key literally and a parenthesised one as an expression', () => {
    const o = expr('{ name = 1, (name) = 2 }') as ObjectExpr;
    expect(o.items[0]!.keyName).toBe('name');
    expect(o.items[1]!.keyName).toBeUndefined();
    const keywords = expr('{ true = 1, null = 2, (false) = 3 }') as ObjectExpr;
    expect(keywords.items.map((i) => i.keyName)).toEqual(['true', 'null', undefined]);
  });

  it('records item ranges', () => {
    const o = expr('{ a = 1, bb = "x" }') as ObjectExpr;
    expect(o.items.map((i) => at(i.range))).toEqual(['1:7-1:12', '1:14-1:22']);
    expect(at(o.range)).toBe('1:5-1:24');
  });
});

describe('variables and traversals', () => {
  it('collects attribute and literal index steps into one traversal', () => {
    const t = expr('aws_kms_key.trail[0].arn') as TraversalExpr;
    expect(t.kind).toBe('Traversal');
    expect(t.root).toBe('aws_kms_key');
    expect(t.steps.map((x) => (x.kind === 'attr' ? x.name : x.key))).toEqual(['trail', 0, 'arn']);
    expect(t.steps.map((x) => at(x.range))).toEqual(['1:16-1:22', '1:22-1:25', '1:25-1:29']);
    expect(at(t.rootRange)).toBe('1:5-1:16');
    expect(at(t.range)).toBe('1:5-1:29');
  });

  it('supports string keys and the legacy .0 index', () => {
    expect(s('local.m["key"].x')).toBe('local.m["key"].x');
    expect(s('var.list.0')).toBe('var.list[0]');
    expect(s('var.list.0.name')).toBe('var.list[0].name');
  });

  it('makes computed indexes Index expressions', () => {
    expect(s('var.list[count.index]')).toBe('(index var.list count.index)');
    expect(s('var.m["${var.k}"].x')).toBe('(rel (index var.m (tpl ${var.k})) .x)');
  });

  it('applies steps to other expressions as relative traversals', () => {
    expect(s('func(1).attr')).toBe('(rel (func 1) .attr)');
    expect(s('(var.x)[0]')).toBe('(rel (paren var.x) [0])');
    expect(s('[1, 2][1]')).toBe('(rel [1 2] [1])');
  });

  it('parses full splats, which take every following step', () => {
    expect(s('aws_instance.web[*].id')).toBe('(splat[*] aws_instance.web (rel * .id))');
    expect(s('var.list[*]')).toBe('(splat[*] var.list *)');
    expect(s('var.x[*].a[0].b')).toBe('(splat[*] var.x (rel * .a[0].b))');
    const splat = expr('aws_instance.web[*].id') as SplatExpr;
    expect(at(splat.range)).toBe('1:5-1:27');
  });

  it('parses attribute-only splats, after which an index applies to the result', () => {
    expect(s('aws_instance.web.*.id')).toBe('(splat.* aws_instance.web (rel * .id))');
    expect(s('aws_instance.web.*.id[0]')).toBe('(rel (splat.* aws_instance.web (rel * .id)) [0])');
    expect(s('var.x.*')).toBe('(splat.* var.x *)');
  });
});

describe('function calls', () => {
  it('parses arguments, trailing commas, newlines and expansion', () => {
    expect(s('upper("a")')).toBe('(upper "a")');
    expect(s('timestamp()')).toBe('(timestamp)');
    expect(s('merge(\n  local.a,\n  { b = 1 },\n)')).toBe('(merge local.a {b=1})');
    expect(s('max(var.numbers...)')).toBe('(max var.numbers ...)');
    expect(s('concat(["a"], var.rest...)')).toBe('(concat ["a"] var.rest ...)');
  });

  it('keeps provider function namespaces in the name', () => {
    const call = expr('provider::aws::arn_parse(var.arn)') as FunctionCallExpr;
    expect(call.name).toBe('provider::aws::arn_parse');
    expect(at(call.nameRange)).toBe('1:5-1:29');
  });

  it('does not take a name followed by a newline and ( for a call', () => {
    const f = parse('a = b\nc = (1)\n');
    expect(f.body.attributes.map((x) => x.name)).toEqual(['a', 'c']);
  });
});

describe('operators', () => {
  it('follows HCL precedence', () => {
    expect(s('1 + 2 * 3')).toBe('(+ 1 (* 2 3))');
    expect(s('1 * 2 + 3')).toBe('(+ (* 1 2) 3)');
    expect(s('a || b && c')).toBe('(|| a (&& b c))');
    expect(s('a == b && c != d')).toBe('(&& (== a b) (!= c d))');
    expect(s('a < b == c >= d')).toBe('(== (< a b) (>= c d))');
    expect(s('a + b < c * d')).toBe('(< (+ a b) (* c d))');
    expect(s('1 + 2 * 3 - 4 / 2 % 3 > 2 && !false || false')).toBe('(|| (&& (> (- (+ 1 (* 2 3)) (% (/ 4 2) 3)) 2) (! false)) false)');
  });

  it('is left-associative within a level', () => {
    expect(s('a - b - c')).toBe('(- (- a b) c)');
    expect(s('a / b * c')).toBe('(* (/ a b) c)');
    expect(s('a || b || c')).toBe('(|| (|| a b) c)');
  });

  it('binds unary operators to a single term', () => {
    expect(s('-a + b')).toBe('(+ (- a) b)');
    expect(s('!a == b')).toBe('(== (! a) b)');
    expect(s('-a.b[0]')).toBe('(- a.b[0])');
    expect(s('!!x')).toBe('(! (! x))');
  });

  it('lets parentheses override precedence', () => {
    expect(s('(1 + 2) * 3')).toBe('(* (paren (+ 1 2)) 3)');
  });

  it('parses conditionals, right-nested in the false branch', () => {
    expect(s('var.enabled ? 1 : 0')).toBe('(? var.enabled 1 0)');
    expect(s('a ? b : c ? d : e')).toBe('(? a b (? c d e))');
    expect(s('a == 1 || b ? x + 1 : y')).toBe('(? (|| (== a 1) b) (+ x 1) y)');
    expect(s('a ? b ? c : d : e')).toBe('(? a (? b c d) e)');
  });

  it('ignores newlines inside parentheses', () => {
    expect(s('(\n  var.a == "x" ||\n  var.b == "y"\n)')).toBe('(paren (|| (== var.a "x") (== var.b "y")))');
  });
});

describe('for expressions', () => {
  it('parses the tuple form with an optional key and condition', () => {
    expect(s('[for v in var.list : upper(v)]')).toBe('(for[] v in var.list : (upper v))');
    expect(s('[for i, v in var.list : "${i}:${v}" if v != ""]')).toBe('(for[] i,v in var.list : (tpl ${i} ":" ${v}) if (!= v ""))');
  });

  it('parses the object form, grouping and conditions', () => {
    expect(s('{for k, v in var.map : k => v}')).toBe('(for{} k,v in var.map : k => v)');
    expect(s('{ for s in var.list : s.type => s... }')).toBe('(for{} s in var.list : s.type => s...)');
    expect(s('{for k, v in var.map : upper(k) => v if v != null}')).toBe('(for{} k,v in var.map : (upper k) => v if (!= v null))');
  });

  it('spans lines freely and nests', () => {
    const e = expr('[\n  for s in var.sel :\n  [for d in s.data : d.type]\n  if s.enabled\n]') as ForExpr;
    expect(sexpr(e)).toBe('(for[] s in var.sel : (for[] d in s.data : d.type) if s.enabled)');
    expect(at(e.range)).toBe('1:5-5:2');
  });

  it('reads `for` as a keyword only at the start', () => {
    expect(s('[var.for, (for)]')).toBe('[var.for (paren for)]');
  });
});

describe('positions inside expressions', () => {
  it('gives exact ranges across lines', () => {
    const text = 'policy = jsonencode({\n  Statement = [{\n    Effect = "Allow"\n  }]\n})\n';
    const a = parse(text).body.attributes[0]!;
    const call = a.expr as FunctionCallExpr;
    expect(at(call.range)).toBe('1:10-5:3');
    const obj = call.args[0] as ObjectExpr;
    expect(at(obj.range)).toBe('1:21-5:2');
    const statement = obj.items[0]!;
    expect(at(statement.key.range)).toBe('2:3-2:12');
    const effect = ((statement.value as unknown as { elements: ObjectExpr[] }).elements[0]!).items[0]!;
    expect(at(effect.value.range)).toBe('3:14-3:21');
  });
});
