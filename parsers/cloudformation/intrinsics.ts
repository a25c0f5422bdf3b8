// CloudFormation's YAML short forms (`!Ref X`, `!GetAtt A.B`, ...) and the
// JSON long forms they stand for. CloudFormation expands every short form to
// its long form before doing anything else (macros and the service only ever
// see `{"Fn::GetAtt": [...]}`), so the parsers produce long forms and rules
// need to know only one spelling.

/**
 * Short-form tag → long-form key. Sources: the "Intrinsic function reference"
 * and "Rule functions" pages of the CloudFormation User Guide, which show a
 * `!Name` short form for each of these.
 */
export const SHORT_FORM_KEYS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ['!Base64', 'Fn::Base64'],
  ['!Cidr', 'Fn::Cidr'],
  ['!FindInMap', 'Fn::FindInMap'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!GetAZs', 'Fn::GetAZs'],
  ['!ImportValue', 'Fn::ImportValue'],
  ['!Join', 'Fn::Join'],
  ['!Length', 'Fn::Length'],
  ['!Select', 'Fn::Select'],
  ['!Split', 'Fn::Split'],
  ['!Sub', 'Fn::Sub'],
  ['!ToJsonString', 'Fn::ToJsonString'],
  ['!Transform', 'Fn::Transform'],
  // Condition functions.
  ['!And', 'Fn::And'],
  ['!Equals', 'Fn::Equals'],
  ['!If', 'Fn::If'],
  ['!Not', 'Fn::Not'],
  ['!Or', 'Fn::Or'],
  // Functions of the template's Rules section.
  ['!Contains', 'Fn::Contains'],
  ['!EachMemberEquals', 'Fn::EachMemberEquals'],
  ['!EachMemberIn', 'Fn::EachMemberIn'],
  ['!RefAll', 'Fn::RefAll'],
  ['!ValueOf', 'Fn::ValueOf'],
  ['!ValueOfAll', 'Fn::ValueOfAll'],
]);

export const GET_ATT_TAG = '!GetAtt';

/**
 * `!GetAtt Resource.Attribute` as the two-element list of its long form. The
 * split is at the first dot only: attribute names may contain dots
 * (`!GetAtt Db.Endpoint.Address` is `[Db, Endpoint.Address]`), logical IDs
 * cannot. Without a dot the result has one element, which CloudFormation
 * rejects later just as it would the long form.
 */
export function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}
