// Which plain scalars mean what in a CloudFormation YAML template.
//
// The CloudFormation User Guide ("Template formats") says: CloudFormation
// supports the YAML 1.1 specification, except for the binary, omap, pairs,
// set and timestamp tags, aliases and hash merges. cfn-lint agrees: it reads
// templates with PyYAML's SafeLoader, a YAML 1.1 loader. So, unlike YAML 1.2
// (the `yaml` package's default):
//  - `yes`/`no`/`on`/`off` (any of their three casings) are booleans, so
//    `IsMultiRegionTrail: yes` turns multi-region on;
//  - `0777` is octal 511, `0b101` binary, `1_000` 1000, `1:30` base 60 (90);
//  - `~`, `null` and an empty value are null;
//  - dates stay strings: without the timestamp tag `Version: 2012-10-17` in a
//    policy is the string "2012-10-17", as IAM needs, and
//    `AWSTemplateFormatVersion: 2010-09-09` unquoted is fine.
// Where the `yaml` package's 1.1 schema differs from PyYAML, PyYAML wins:
// single-letter `y`/`n` are strings (the 1.1 spec lists them, but neither
// PyYAML nor SnakeYAML, the Java loader, resolves them); a lone `.` is a
// string, not NaN; and the unsupported tags are absent, so `!!timestamp` or
// `!!binary` is reported as an unknown tag. One known divergence remains:
// `1e3` (no dot) is the number 1000 here, a string for PyYAML and a number
// for SnakeYAML.
// Aliases and merge keys are expanded by the template reader, with a note
// that CloudFormation itself refuses them (see yaml-template.ts).

import type { CollectionTag, ParseOptions, DocumentOptions, SchemaOptions, ScalarTag, Tags } from 'yaml';
import { Scalar } from 'yaml';
import { SHORT_FORM_KEYS } from './intrinsics.js';

const BOOL_TAG = 'tag:yaml.org,2002:bool';

/** Tags CloudFormation does not support; left out so they surface as unknown tags. */
const UNSUPPORTED_TAGS = new Set([
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:timestamp',
]);

/** PyYAML's and SnakeYAML's YAML 1.1 booleans. */
const trueTag: ScalarTag = {
  identify: (value) => value === true,
  default: true,
  tag: BOOL_TAG,
  test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  resolve: () => new Scalar(true),
};

const falseTag: ScalarTag = {
  identify: (value) => value === false,
  default: true,
  tag: BOOL_TAG,
  test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  resolve: () => new Scalar(false),
};

const FLOAT_TAG = 'tag:yaml.org,2002:float';

/**
 * The `yaml` package's 1.1 float pattern also matches a lone `.` (or `-.`),
 * which would become NaN; PyYAML requires a digit, so `.` stays a string.
 */
function requireDigit(tag: ScalarTag): ScalarTag {
  if (tag.tag !== FLOAT_TAG || !tag.test || !tag.test.test('.')) return tag;
  // Anchored before the lookahead, not only after it (the package's pattern starts with `^`): V8 sees
  // the anchor either way, but an engine that tried the lookahead at every position would read to the
  // end from each, quadratic on a long scalar (recheck, test/hardening/regex-audit.test.ts).
  return { ...tag, test: new RegExp(`^(?=.*[0-9])(?:${tag.test.source})`, tag.test.flags) };
}

function cloudFormationTags(yaml11: Tags): Tags {
  const kept: Tags = [];
  for (const tag of yaml11) {
    if (typeof tag === 'string') kept.push(tag);
    else if (tag.tag !== BOOL_TAG && !UNSUPPORTED_TAGS.has(tag.tag)) kept.push(tag.test ? requireDigit(tag as ScalarTag) : tag);
  }
  return [trueTag, falseTag, ...kept, ...INTRINSIC_TAGS];
}

/**
 * The short-form intrinsic function tags (`!Ref`, `!Sub`, `!If`…) on a scalar, a sequence or a mapping,
 * known to the schema so the library leaves the value as it is written (the template reader turns
 * them into long forms). Unknown to it, the library would record a "TAG_RESOLVE_FAILED" warning,
 * an Error with a stack trace, for every one of them: a third of a CIS stack's parse time.
 */
const INTRINSIC_TAGS: Array<ScalarTag | CollectionTag> = [...SHORT_FORM_KEYS.keys()].flatMap((tag) => [
  { tag, identify: () => false, resolve: (text: string) => text },
  { tag, identify: () => false, collection: 'map' as const },
  { tag, identify: () => false, collection: 'seq' as const },
]);

export const CLOUDFORMATION_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: cloudFormationTags,
  merge: true,
  // Duplicate keys are reported as warnings by the template reader (last one wins, as in PyYAML).
  uniqueKeys: false,
  // Positions come from our LineIndex; the library's own line/column formatting is not needed.
  prettyErrors: false,
  // Every key stays a string; the reader takes plain keys from their source text.
  keepSourceTokens: false,
};
