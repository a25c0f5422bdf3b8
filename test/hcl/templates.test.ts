import { describe, expect, it } from 'vitest';
import type { TemplateExpr, TemplateIf, TemplateInterpolation } from '../../parsers/terraform/hcl/ast.js';
import { at, expr, parse, run } from './helpers.js';

describe('quoted templates', () => {
  it('resolves every escape sequence', () => {
    expect(run(String.raw`"a\nb\tc\rd"`)).toBe('a\nb\tc\rd');
    expect(run(String.raw`"say \"hi\" \\ done"`)).toBe('say "hi" \\ done');
    expect(run(String.raw`"caf\u00e9 \U0001F600"`)).toBe('café 😀');
  });

  it('escapes template sequences by doubling', () => {
    expect(run('"$${not_interpolated}"')).toBe('${not_interpolated}');
    expect(run('"%%{not_a_directive}"')).toBe('%{not_a_directive}');
    expect(run('"cost: $5, 100%, $$ and %%"')).toBe('cost: $5, 100%, $$ and %%');
    // `$` then the escape `$${`: the result keeps a literal `$${` (as HashiCorp's scanner reads it).
    expect(run('"$$${var.x}"', { var: { x: 'v' } })).toBe('$${var.x}');
  });

  it('interpolates values, converting numbers and bools', () => {
    expect(run('"a-${var.x}-b"', { var: { x: 'mid' } })).toBe('a-mid-b');
    expect(run('"n=${1 + 1}, f=${1.5}, b=${true}"')).toBe('n=2, f=1.5, b=true');
  });

  it('unwraps a template that is a single interpolation', () => {
    expect(run('"${var.list}"', { var: { list: [1, 2] } })).toEqual([1, 2]);
    expect(run('"${true}"')).toBe(true);
    expect(run('"${"${true}"}"')).toBe(true);
    expect(run('"hello ${true}"')).toBe('hello true');
    expect(run('"${""}${true}"')).toBe('true');
    expect(run('"%{ for v in [true] }${v}%{ endfor }"')).toBe('true');
  });

  it('applies strip markers as HCL specifies', () => {
    expect(run('"hello ${~ "world" }"')).toBe('helloworld');
    expect(run('"%{ if true ~} hello %{~ endif }"')).toBe('hello');
    expect(run('"${"hello" ~}${" world"}"')).toBe('hello world');
    expect(run('"a   ${~ "b" ~}   c"')).toBe('abc');
  });

  it('records strip markers and ranges on the parts', () => {
    const t = expr('"x ${~ var.a ~} y"') as TemplateExpr;
    const interp = t.parts[1] as TemplateInterpolation;
    expect(interp).toMatchObject({ kind: 'TemplateInterpolation', stripLeft: true, stripRight: true });
    expect(at(interp.range)).toBe('1:8-1:20');
    expect(t.parts.map((p) => (p.kind === 'TemplateLiteral' ? p.value : p.kind))).toEqual(['x', 'TemplateInterpolation', 'y']);
  });

  it('renders if and for directives', () => {
    const vars = { var: { on: true, off: false, list: ['a', 'b'], map: { y: 2, x: 1 } } };
    expect(run('"%{ if var.on }yes%{ else }no%{ endif }"', vars)).toBe('yes');
    expect(run('"%{ if var.off }yes%{ else }no%{ endif }"', vars)).toBe('no');
    expect(run('"[%{ if var.off }yes%{ endif }]"', vars)).toBe('[]');
    expect(run('"%{ for x in var.list }${x},%{ endfor }"', vars)).toBe('a,b,');
    expect(run('"%{ for k, v in var.map }${k}=${v};%{ endfor }"', vars)).toBe('x=1;y=2;');
    expect(run('"%{ for i, x in var.list }%{ if i > 0 }, %{ endif }${x}%{ endfor }"', vars)).toBe('a, b');
  });

  it('builds nested directive parts', () => {
    const t = expr('"%{ if a }A%{ else }%{ for x in xs }${x}%{ endfor }%{ endif }"') as TemplateExpr;
    const ifPart = t.parts[0] as TemplateIf;
    expect(ifPart.kind).toBe('TemplateIf');
    expect(ifPart.then.map((p) => p.kind)).toEqual(['TemplateLiteral']);
    expect(ifPart.else!.map((p) => p.kind)).toEqual(['TemplateFor']);
    expect(at(ifPart.range)).toBe('1:6-1:66');
  });

  it('gives an empty string a single empty literal part', () => {
    const t = expr('""') as TemplateExpr;
    // The part's range is an accessor (parsers/terraform/hcl/lazy-nodes.ts): read, not compared as an own property.
    expect(t.parts.map((p) => ({ kind: p.kind, value: p.kind === 'TemplateLiteral' ? p.value : undefined }))).toEqual([{ kind: 'TemplateLiteral', value: '' }]);
    expect(`${t.parts[0]!.range.start.column}-${t.parts[0]!.range.end.column}`).toBe('6-6');
    expect(run('""')).toBe('');
  });
});

describe('heredocs', () => {
  const attr = (text: string): unknown => run(text.replace(/^v = /, ''));

  it('keeps the text between the markers, final newline included', () => {
    expect(attr('<<EOT\nline one\n  line two\nEOT')).toBe('line one\n  line two\n');
    expect(attr('<<EOT\nEOT')).toBe('');
  });

  it('accepts an indented closing marker in both forms', () => {
    expect(parse('a = <<EOT\nx\n    EOT\n').body.attributes).toHaveLength(1);
    expect(run('<<EOT\nhello\n    EOT')).toBe('hello\n');
  });

  it('does not end at a line that merely contains the marker', () => {
    expect(run('<<EOT\nnot EOT\nEOTX\nEOT')).toBe('not EOT\nEOTX\n');
  });

  it('strips the common indentation with <<-', () => {
    expect(run('<<-EOT\n    {\n      "a": 1\n    }\n  EOT')).toBe('{\n  "a": 1\n}\n');
  });

  it('ignores blank lines when measuring indentation and counts tabs as characters', () => {
    expect(run('<<-EOT\n    a\n\n      b\n    EOT')).toBe('a\n\n  b\n');
    expect(run('<<-EOT\n\t\ta\n\t\t\tb\n\tEOT')).toBe('a\n\tb\n');
  });

  it('leaves text alone when a line starts with an interpolation', () => {
    expect(run('<<-EOT\n    a\n${var.x}\n    EOT', { var: { x: 'X' } })).toBe('    a\nX\n');
  });

  it('interpolates and runs directives', () => {
    const vars = { var: { name: 'trail', regions: ['us-east-1', 'eu-west-1'] } };
    const text = '<<EOT\nname: ${var.name}\n%{ for r in var.regions ~}\n- ${r}\n%{ endfor ~}\nEOT';
    expect(run(text, vars)).toBe('name: trail\n- us-east-1\n- eu-west-1\n');
  });

  it('counts a line emptied by %{~ as unindented, which turns <<- stripping off (as in Terraform)', () => {
    const vars = { var: { name: 'trail', regions: ['us-east-1', 'eu-west-1'] } };
    const text = '<<-EOT\n  name: ${var.name}\n  %{~ for r in var.regions }\n  - ${r}\n  %{~ endfor }\nEOT';
    expect(run(text, vars)).toBe('  name: trail\n\n  - us-east-1\n\n  - eu-west-1\n\n');
  });

  it('limits a strip marker to one line, as HashiCorp\'s parser does', () => {
    // A heredoc's literal text is one token per line, so `~}` only eats the
    // rest of its own line; and the trimmed line no longer ends with a newline,
    // so the next line is not counted as line-leading for <<- (same in Terraform).
    const vars = { var: { xs: ['a', 'b'] } };
    const text = '<<-EOT\n  %{ for x in var.xs ~}\n  echo ${x}\n  %{ endfor ~}\n  done\nEOT';
    expect(run(text, vars)).toBe('  echo a\n  echo b\n  done\n');
  });

  it('does not treat backslashes specially', () => {
    expect(run(String.raw`<<EOT` + '\nC:\\path\\n\nEOT')).toBe('C:\\path\\n\n');
  });

  it('keeps CRLF inside the text and still finds the marker', () => {
    const f = parse('a = <<EOT\r\nline\r\nEOT\r\nb = 1\r\n');
    expect(f.body.attributes.map((x) => x.name)).toEqual(['a', 'b']);
  });

  it('reports ranges for heredoc parts after indentation stripping', () => {
    const t = expr('<<-EOT\n    hello ${var.x}\n  EOT') as TemplateExpr;
    expect(at(t.parts[0]!.range)).toBe('2:5-2:11');
    expect(at(t.parts[1]!.range)).toBe('2:11-2:19');
    expect(at(t.range)).toBe('1:5-3:6');
  });
});
