import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/diagnostics.js';
import { containsUnknown, isUnknown, Unknown } from '../../core/unknown.js';
import type { TraversalExpr } from '../../parsers/terraform/hcl/ast.js';
import { traversalText } from '../../parsers/terraform/hcl/ast.js';
import { EvaluationError, EvaluationLimitError, evaluate } from '../../parsers/terraform/hcl/evaluate.js';
import { at, expr, run, thrown } from './helpers.js';

const unknownArn = (address: string): Unknown => new Unknown('known after apply', [{ address, attribute: 'arn' }], true);

describe('operators', () => {
  it('computes arithmetic, comparison and logic', () => {
    expect(run('1 + 2 * 3 - 4 / 2 % 3')).toBe(5);
    expect(run('7 % 3')).toBe(1);
    expect(run('-7 % 3')).toBe(-1);
    expect(run('10 / 4')).toBe(2.5);
    expect(run('-(2 + 3)')).toBe(-5);
    expect(run('1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 4 == false')).toBe(true);
    expect(run('!true || !!false')).toBe(false);
  });

  it('compares with ==, != by type and value, deeply', () => {
    expect(run('1 == 1')).toBe(true);
    expect(run('"1" == 1')).toBe(false);
    expect(run('"true" == true')).toBe(false);
    expect(run('[1, "a"] == [1, "a"]')).toBe(true);
    expect(run('{ a = [1] } == { a = [1] }')).toBe(true);
    expect(run('{ a = 1 } != { a = 1, b = 2 }')).toBe(true);
    expect(run('null == null')).toBe(true);
    expect(run('var.x == null', { var: { x: null } })).toBe(true);
  });

  it('converts strings in number and bool contexts, as Terraform does', () => {
    expect(run('"5" + 1')).toBe(6);
    expect(run('"2.5" * "2"')).toBe(5);
    expect(run('"10" > 9')).toBe(true);
    expect(run('"true" && true')).toBe(true);
    expect(run('!"false"')).toBe(true);
    expect(run('"false" ? 1 : 2')).toBe(2);
  });

  it('rejects operands Terraform rejects, with the operand range', () => {
    const e = thrown(() => run('1 + "abc"'));
    expect(e).toBeInstanceOf(EvaluationError);
    expect(e.code).toBe('hcl-evaluation-error');
    expect(e.message).toMatch(/a number is required, got the string "abc"/);
    expect(at(e.range)).toBe('1:5-1:14');
    expect(thrown(() => run('1 / 0')).message).toBe('Division by zero');
    expect(thrown(() => run('"yes" && true')).message).toMatch(/a bool is required, got the string "yes"/);
    expect(thrown(() => run('null + 1')).message).toMatch(/but the value is null/);
  });

  it('short-circuits && and || on a known deciding side', () => {
    expect(run('false && var.unknown')).toBe(false);
    expect(run('var.unknown && false')).toBe(false);
    expect(run('true || var.unknown')).toBe(true);
    expect(isUnknown(run('true && var.unknown'))).toBe(true);
  });
});

describe('references', () => {
  it('resolves through the lookup callback and applies the remaining steps', () => {
    const values = { var: { tags: { Name: 'x' }, list: [10, 20] }, local: { n: 2 } };
    expect(run('var.tags.Name', values)).toBe('x');
    expect(run('var.tags["Name"]', values)).toBe('x');
    expect(run('var.list[1]', values)).toBe(20);
    expect(run('var.list.1', values)).toBe(20);
    expect(run('var.list[local.n - 1]', values)).toBe(20);
    expect(run('var.list["0"]', values)).toBe(10);
  });

  it('hands the whole traversal to lookup', () => {
    const seen: string[] = [];
    const value = evaluate(expr('aws_kms_key.trail[0].arn'), {
      lookup: (t: TraversalExpr) => {
        seen.push(traversalText(t.root, t.steps));
        return 'arn:aws:kms:us-east-1:111122223333:key/abc';
      },
    });
    expect(seen).toEqual(['aws_kms_key.trail[0].arn']);
    expect(value).toBe('arn:aws:kms:us-east-1:111122223333:key/abc');
  });

  it('turns unresolved resource references into present unknowns with refs', () => {
    expect(run('aws_kms_key.trail.arn')).toEqual(unknownArn('aws_kms_key.trail'));
    expect(run('aws_kms_key.trail[0].arn')).toEqual(new Unknown('known after apply', [{ address: 'aws_kms_key.trail[0]', attribute: 'arn' }], true));
    expect(run('aws_s3_bucket.logs["audit"].id')).toEqual(new Unknown('known after apply', [{ address: 'aws_s3_bucket.logs["audit"]', attribute: 'id' }], true));
    expect(run('data.aws_caller_identity.current.account_id')).toEqual(
      new Unknown('known after apply', [{ address: 'data.aws_caller_identity.current', attribute: 'account_id' }], true),
    );
    expect(run('module.logging.bucket_arn')).toEqual(new Unknown('module output known after apply', [{ address: 'module.logging', attribute: 'bucket_arn' }], false));
  });

  it('turns other unresolved references into unknowns that may be absent', () => {
    for (const src of ['var.name', 'local.x', 'each.value', 'count.index', 'self.arn']) {
      const v = run(src) as Unknown;
      expect(v, src).toBeInstanceOf(Unknown);
      expect(v.present, src).toBe(false);
      expect(v.refs, src).toEqual([]);
    }
    expect((run('path.module') as Unknown).present).toBe(true);
    expect((run('var.name') as Unknown).reason).toBe('variable name has no known value');
  });

  it('reports missing attributes and bad indexes', () => {
    const values = { var: { obj: { a: 1 }, list: [1], nothing: null } };
    expect(thrown(() => run('var.obj.b', values)).message).toMatch(/does not have an attribute named "b"/);
    expect(thrown(() => run('var.list[3]', values)).message).toBe('Invalid index: 3 is out of range for a list of 1 elements');
    expect(thrown(() => run('var.obj["z"]', values)).message).toMatch(/no element with key "z"/);
    expect(thrown(() => run('var.nothing.x', values)).message).toMatch(/from a null value/);
    expect(thrown(() => run('var.list.name', values)).message).toMatch(/a list has no attributes/);
  });

  it('never reads inherited properties for keys like constructor or __proto__', () => {
    expect(thrown(() => run('{ a = 1 }.constructor')).message).toMatch(/does not have an attribute named "constructor"/);
    expect(thrown(() => run('{ a = 1 }["toString"]')).message).toMatch(/no element with key "toString"/);
    const o = run('{ "__proto__" = { polluted = true }, b = 2 }') as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(run('lookup({ a = 1 }, "constructor", "default")')).toBe('default');
  });
});

describe('collections, splats and for expressions', () => {
  it('builds tuples and objects, evaluating computed keys', () => {
    expect(run('[1, "a", [true]]')).toEqual([1, 'a', [true]]);
    expect(run('{ a = 1, "b c" = 2, (var.k) = 3, "${var.k}2" = 4 }', { var: { k: 'key' } })).toEqual({ a: 1, 'b c': 2, key: 3, key2: 4 });
    expect(run('{ (1) = "one", (true) = "t" }')).toEqual({ 1: 'one', true: 't' });
  });

  it('splats over lists, single values and null', () => {
    const values = { var: { items: [{ id: 'a' }, { id: 'b' }], one: { id: 'z' }, none: null } };
    expect(run('var.items[*].id', values)).toEqual(['a', 'b']);
    expect(run('var.items.*.id', values)).toEqual(['a', 'b']);
    expect(run('var.items.*.id[1]', values)).toBe('b');
    expect(run('var.one[*].id', values)).toEqual(['z']);
    expect(run('var.none[*].id', values)).toEqual([]);
    expect(run('[[1, 2], [3]][*][0]')).toEqual([1, 3]);
  });

  it('keeps the attribute of a splat over an unresolved resource', () => {
    expect(run('aws_instance.web[*].id')).toEqual(new Unknown('known after apply', [{ address: 'aws_instance.web', attribute: 'id' }], true));
  });

  it('evaluates for expressions over lists and maps (maps in key order)', () => {
    const values = { var: { list: ['a', '', 'b'], map: { z: 1, a: 2 } } };
    expect(run('[for s in var.list : upper(s) if s != ""]', values)).toEqual(['A', 'B']);
    expect(run('[for i, s in var.list : i]', values)).toEqual([0, 1, 2]);
    expect(run('[for k, v in var.map : "${k}=${v}"]', values)).toEqual(['a=2', 'z=1']);
    expect(run('{for k, v in var.map : v => k}', values)).toEqual({ 1: 'z', 2: 'a' });
    expect(run('{for s in ["a", "bb", "cc"] : length(s) => s...}')).toEqual({ 1: ['a'], 2: ['bb', 'cc'] });
    expect(run('[for x in [1, 2] : [for y in [10, 20] : x * y]]')).toEqual([
      [10, 20],
      [20, 40],
    ]);
  });

  it('reports duplicate keys without grouping and bad collections', () => {
    expect(thrown(() => run('{for s in ["a", "a"] : s => 1}')).message).toMatch(/^Duplicate object key "a"/);
    expect(thrown(() => run('[for s in "abc" : s]')).message).toMatch(/needs a list, set, map or object, got string/);
    expect(thrown(() => run('[for s in null : s]')).message).toBe('Iteration over a null value');
  });

  it('gives unknown results for unknown collections, conditions or keys', () => {
    const coll = run('[for s in aws_instance.x[*].id : s]') as Unknown;
    expect(coll).toBeInstanceOf(Unknown);
    expect(coll.refs).toEqual([{ address: 'aws_instance.x', attribute: 'id' }]);
    expect(isUnknown(run('[for s in [1, 2] : s if var.flag]'))).toBe(true);
    expect(isUnknown(run('{for s in [1] : var.k => s}'))).toBe(true);
  });

  it('keeps unknown values inside known structures', () => {
    const v = run('{ kms = aws_kms_key.trail.arn, name = "t" }') as Record<string, unknown>;
    expect(v.name).toBe('t');
    expect(v.kms).toEqual(unknownArn('aws_kms_key.trail'));
    expect(containsUnknown(v)).toBe(true);
    expect(run('length([aws_kms_key.a.arn, "x"])')).toBe(2);
  });
});

describe('conditionals', () => {
  it('evaluates only the selected branch', () => {
    expect(run('true ? 1 : 1 / 0')).toBe(1);
    expect(run('var.enabled ? 1 : 0', { var: { enabled: false } })).toBe(0);
    expect(run('length(var.l) > 0 ? var.l[0] : "none"', { var: { l: [] } })).toBe('none');
  });

  it('unifies a number or bool with a string branch to a string', () => {
    expect(run('true ? 1 : "x"')).toBe('1');
    expect(run('false ? "x" : true')).toBe('true');
    expect(run('true ? 1 : null')).toBe(1);
  });

  it('returns the common value when the condition is unknown but both branches agree', () => {
    expect(run('var.enabled ? "same" : "same"')).toBe('same');
    expect(run('var.enabled ? [1, 2] : [1, 2]')).toEqual([1, 2]);
  });

  it('otherwise returns an unknown carrying both branches\' refs', () => {
    const v = run('var.create_key ? aws_kms_key.this[0].arn : aws_kms_key.shared.arn') as Unknown;
    expect(v).toBeInstanceOf(Unknown);
    expect(v.refs).toEqual([
      { address: 'aws_kms_key.this[0]', attribute: 'arn' },
      { address: 'aws_kms_key.shared', attribute: 'arn' },
    ]);
    expect(v.present).toBe(true);
    expect(v.reason).toMatch(/condition known only after apply \(variable create_key has no known value\)/);
  });

  it('is present only when both branches certainly are', () => {
    expect((run('var.c ? aws_kms_key.k.arn : null') as Unknown).present).toBe(false);
    expect((run('var.c ? aws_kms_key.k.arn : ""') as Unknown).present).toBe(false);
    expect((run('var.c ? aws_kms_key.k.arn : var.key_arn') as Unknown).present).toBe(false);
    expect((run('var.c ? 1 : 0') as Unknown).present).toBe(true);
  });
});

describe('unknown propagation', () => {
  it('makes operations on unknowns unknown, keeping the union of refs', () => {
    const v = run('aws_s3_bucket.a.arn == aws_s3_bucket.b.arn') as Unknown;
    expect(v.refs.map((r) => r.address)).toEqual(['aws_s3_bucket.a', 'aws_s3_bucket.b']);
    expect(v.present).toBe(true);
    expect(isUnknown(run('aws_instance.x.count + 1'))).toBe(true);
    expect(isUnknown(run('-aws_instance.x.count'))).toBe(true);
    expect(isUnknown(run('!var.flag'))).toBe(true);
    expect(isUnknown(run('var.l[0]'))).toBe(true);
    expect(isUnknown(run('[1, 2][var.i]'))).toBe(true);
  });

  it('is present only when every unknown input is', () => {
    expect((run('upper(aws_s3_bucket.a.id)') as Unknown).present).toBe(true);
    expect((run('upper(var.name)') as Unknown).present).toBe(false);
    expect((run('"${aws_s3_bucket.a.id}-${var.suffix}"') as Unknown).present).toBe(true); // known text makes it non-empty
    expect((run('"${var.prefix}${var.suffix}"') as Unknown).present).toBe(false);
  });

  it('keeps a single unknown input\'s reason', () => {
    expect((run('lower(aws_kms_key.k.arn)') as Unknown).reason).toBe('known after apply');
  });
});

describe('try and can', () => {
  it('returns the first alternative that evaluates without error', () => {
    expect(run('try(var.obj.missing, "fallback")', { var: { obj: {} } })).toBe('fallback');
    expect(run('try(var.obj.a, "fallback")', { var: { obj: { a: 1 } } })).toBe(1);
    expect(run('try(tonumber("x"), tobool("nope"), 3)')).toBe(3);
    expect(thrown(() => run('try(1 / 0, null.x)')).message).toMatch(/^No expression given to try\(\) evaluated without errors/);
  });

  it('stays unknown when the first successful alternative is unknown', () => {
    const v = run('try(aws_kms_key.k[0].arn, null)') as Unknown;
    expect(v).toBeInstanceOf(Unknown);
    expect(v.refs).toEqual([{ address: 'aws_kms_key.k[0]', attribute: 'arn' }]);
    expect(v.present).toBe(false); // the null fallback might be what Terraform picks
    expect((run('try(aws_kms_key.k[0].arn, aws_kms_key.other.arn)') as Unknown).present).toBe(true);
  });

  it('tells with can whether an expression evaluates', () => {
    expect(run('can(var.obj.a)', { var: { obj: { a: 1 } } })).toBe(true);
    expect(run('can(var.obj.b)', { var: { obj: { a: 1 } } })).toBe(false);
    expect(run('can(regex("^[a-z]+$", "abc"))')).toBe(true);
    expect(run('can(regex("^[a-z]+$", "ABC"))')).toBe(false);
    expect(isUnknown(run('can(var.unknown)'))).toBe(true);
  });
});

describe('limits', () => {
  it('stops costly expressions with an error instead of hanging', () => {
    const e = thrown(() => run('[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]'));
    expect(e).toBeInstanceOf(EvaluationLimitError);
    expect(e).toBeInstanceOf(InputError);
  });

  it('reports values nested too deeply for the stack as an InputError', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const e = thrown(() => run('jsonencode(var.deep)', { var: { deep } }));
    expect(e).toBeInstanceOf(EvaluationLimitError);
    expect(e.message).toBe(
      'Expression too large to evaluate statically: values or references nested deeper than the evaluator can follow (a value nested thousands of levels deep, or a chain of hundreds of locals each using the next)',
    );
  });

  it('does not let try() swallow the limit', () => {
    expect(() => run('try([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]], 1)')).toThrow(EvaluationLimitError);
  });

  it('refuses results that would exhaust memory', () => {
    expect(thrown(() => run('replace(join("", [for i in range(1000) : "0123456789"]), "", join("", [for i in range(1000) : "x"]))')).message).toMatch(/would be longer than/);
    expect(thrown(() => run('format("%999999d", 1)')).message).toMatch(/width 999999 is too large/);
    expect(thrown(() => run('range(2000)')).message).toMatch(/more than 1024 values/);
  });
});
