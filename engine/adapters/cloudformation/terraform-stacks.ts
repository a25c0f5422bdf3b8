// CloudFormation deployed by Terraform: `aws_cloudformation_stack_set` (the usual way to roll a CloudTrail
// baseline out to an organization's accounts from Terraform) and `aws_cloudformation_stack` carry their
// template in `template_body`. A body Terraform knows (a heredoc, `jsonencode({...})`, a string) is read
// like a StackSet's inline template (stack-sets.ts) and its resources judged, named
// `<terraform address>/<logical ID>`, on the heredoc's own lines (any other form at the `template_body`
// line); a body known only at
// apply, or a `template_url`, leaves every check undetermined at the resource. A body read with
// `file("trail.yaml")` from inside the repository is known (the loader reads it) and judged here too.

import { parseCloudFormation } from '../../../parsers/cloudformation/index.js';
import type { TerraformResource } from '../../../parsers/terraform/types.js';
import { InputError, type Diagnostic } from '../../../core/diagnostics.js';
import type { SourceRange } from '../../../core/location.js';
import { Unknown } from '../../../core/unknown.js';
import { placeInAccount, unreadStandIn, type ResourceGraph } from '../../graph.js';
import { asRecord } from '../convert.js';
import type { ScannedTemplate } from './nested-stacks.js';
import { MovedPositions, withPassedParameters } from './stack-sets.js';
import { oneLine } from '../../../parsers/quote.js';

const STACK_TYPES: Record<string, 'stack' | 'stack set'> = Object.assign(Object.create(null) as Record<string, 'stack' | 'stack set'>, {
  aws_cloudformation_stack: 'stack',
  aws_cloudformation_stack_set: 'stack set',
});

export function isTerraformStack(r: TerraformResource): boolean {
  return r.mode === 'managed' && Object.hasOwn(STACK_TYPES, r.type);
}

/**
 * The templates of the Terraform resources `rs` that deploy CloudFormation, for adaptCloudFormationTemplates
 * (which also handles their macros, nested stacks and StackSets); what cannot be read is a stand-in in the
 * graph at once.
 */
export function terraformStackTemplates(
  rs: readonly TerraformResource[],
  graph: ResourceGraph,
  diagnostics: Diagnostic[],
  readScanned: (shownPath: string) => string | undefined,
): ScannedTemplate[] {
  const out: ScannedTemplate[] = [];
  for (const r of rs) {
    if (!isTerraformStack(r)) continue;
    const what = STACK_TYPES[r.type]!;
    const at: SourceRange = r.locate(['template_body']) ?? r.locate(['template_url']) ?? r.declaredAt ?? r.range;
    const unseen = (reason: string): void => {
      diagnostics.push({ level: 'note', code: 'cloudformation-unseen', file: at.file, range: at, message: `${r.address}: ${reason}` });
      const standIn = unreadStandIn({ address: r.address, nativeType: r.type, source: 'terraform', range: at, id: `${at.file}#${r.address}#template`, unread: r.address, reason });
      // Asked where the template would deploy (as a readable one is judged): a stack set's target
      // accounts, a stack's provider account; not in the default account, whose checks it would leave undetermined.
      placeInAccount(standIn, what === 'stack set' ? { accountScope: `${r.file}#${r.address}`, accountLabel: `the target accounts of StackSet ${oneLine(r.address)}` } : r);
      graph.add(standIn);
    };
    const body = r.values['template_body'];
    if (typeof body !== 'string') {
      const url = r.values['template_url'];
      if (typeof url === 'string' || url instanceof Unknown) unseen(`the ${what}'s template is at its template_url (an S3 object read at apply), so its resources cannot be seen: scan that template too`);
      else if (body instanceof Unknown) unseen(`the ${what}'s template_body is known only at apply (${body.reason}), so its resources cannot be seen: scan the template file itself`);
      else unseen(`the ${what} names no template, so its resources cannot be seen`);
      continue;
    }
    let t;
    try {
      t = parseCloudFormation(at.file, body);
    } catch (e) {
      unseen(`the ${what}'s template_body cannot be read (${oneLine(e instanceof InputError ? e.message : (e as Error).message)}), so its resources cannot be seen`);
      continue;
    }
    if (!t) {
      unseen(`the ${what}'s template_body is not a CloudFormation template, so its resources cannot be seen`);
      continue;
    }
    // Terraform passes parameters as a map; CloudFormation's list form is what withParameters reads.
    const passed = Object.entries(asRecord(r.values['parameters'])).map(([k, v]) => ({ ParameterKey: k, ParameterValue: v }));
    const scope = `${r.file}#${r.address}`;
    // A heredoc keeps the template line for line: findings go to their own lines of the .tf file.
    const text = at.file.endsWith('.json') ? undefined : readScanned(at.file);
    const shift = text === undefined ? undefined : heredocShift(text, at, body);
    const move = (p: SourceRange): SourceRange =>
      shift ?
        {
          file: at.file,
          start: { line: p.start.line + shift.lines, column: p.start.column + shift.columns },
          end: { line: p.end.line + shift.lines, column: p.end.column + shift.columns },
        }
      : at;
    const template = { ...t, file: at.file, body: withPassedParameters(t.body, passed, r.address), positions: new MovedPositions(at.file, t.positions, move) };
    // A stack set deploys to its target accounts: an account scope of its own. A stack deploys into the
    // account of its provider configuration, with that configuration's other resources.
    const ownAccounts = what === 'stack set';
    const account = !ownAccounts && r.accountScope !== undefined ? { accountScope: r.accountScope, ...(r.accountLabel !== undefined ? { accountLabel: r.accountLabel } : {}) } : {};
    out.push({ template, embedded: { prefix: r.address, scope, ownAccounts, ...account, ...(r.existence ? { existence: r.existence } : {}) } });
  }
  return out;
}

/**
 * Where a heredoc's text sits in the .tf file: `template_body = <<-EOT` (or `<<EOT`) on the attribute's
 * first line, the template from the next line on, each line indented by the same amount (what `<<-`
 * strips). Checked line by line against the file; undefined when the value is not written so.
 */
function heredocShift(tfText: string, at: SourceRange, body: string): { lines: number; columns: number } | undefined {
  const lines = tfText.split('\n');
  const header = lines[at.start.line - 1];
  if (header === undefined || !/<<-?[A-Za-z_][A-Za-z0-9_-]*\s*$/.test(header.replace(/\r$/, ''))) return undefined;
  const inner = body.split('\n');
  if (inner.at(-1) === '') inner.pop();
  let indent: number | undefined;
  for (let k = 0; k < inner.length; k++) {
    const line = lines[at.start.line + k]?.replace(/\r$/, '');
    const want = inner[k]!;
    if (line === undefined) return undefined;
    if (want === '') {
      if (line.trim() !== '') return undefined;
      continue;
    }
    if (!line.endsWith(want)) return undefined;
    const lead = line.length - want.length;
    if (line.slice(0, lead).trim() !== '' || (indent !== undefined && lead !== indent)) return undefined;
    indent = lead;
  }
  return indent === undefined ? undefined : { lines: at.start.line, columns: indent };
}

