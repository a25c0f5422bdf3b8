// Is this JSON/YAML file a CloudFormation template? Repositories are full of
// YAML and JSON that is not (CI workflows, Kubernetes manifests, package.json),
// and those must be skipped without a word; real templates must not be.

/**
 * Resource type names: `AWS::Service::Resource` and the same shape for
 * registry types (`Alexa::ASK::Skill`, third-party `Org::Service::Resource`),
 * optionally `::MODULE` for modules, and `Custom::Anything` custom resources.
 */
const RESOURCE_TYPE = /^(?:Custom::[A-Za-z0-9_@.-]+|[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(?:::MODULE)?)$/;

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A resource type name, or what an author meant as one and CloudFormation would reject: the name in a
 * list (`Type: [AWS::CloudTrail::Trail]`) or an intrinsic function (`Type: !Ref TrailType`). Such a
 * template is read, and the resource reported as unreadable at its line, rather than the whole file
 * being taken for unrelated YAML and skipped.
 */
function meantAsResourceType(type: unknown): boolean {
  if (typeof type === 'string') return RESOURCE_TYPE.test(type);
  if (Array.isArray(type)) return type.length === 1 && typeof type[0] === 'string' && RESOURCE_TYPE.test(type[0]);
  if (!isMapping(type)) return false;
  const keys = Object.keys(type);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

/**
 * True for a parsed document that is a template: a mapping with
 * `AWSTemplateFormatVersion`, or with a `Resources` mapping in which at least
 * one entry has a resource `Type`. "At least one" rather than "all", so that a
 * template with one broken resource is still scanned (and reported) instead
 * of skipped; a `Fn::ForEach::…` or `Fn::Transform` key counts too (its
 * resources are made by a transform, and must be expanded or reported as
 * unseen, never skipped). An empty `Resources: {}` (or `{}`) is not recognised: it
 * declares nothing to check, and the same shape appears in unrelated files.
 */
export function looksLikeCloudFormation(value: unknown): boolean {
  if (!isMapping(value)) return false;
  if (Object.hasOwn(value, 'AWSTemplateFormatVersion')) return true;
  const resources = value['Resources'];
  if (!isMapping(resources)) return false;
  return Object.entries(resources).some(
    ([key, resource]) =>
      (isMapping(resource) && meantAsResourceType(resource['Type'])) ||
      // Resources made by a loop or brought in by an include/macro: the template's resources are out of sight.
      key === 'Fn::Transform' ||
      key.startsWith('Fn::ForEach::'),
  );
}

/** `x.template`, and the `*.template.json` CDK writes to cdk.out (also `.template.yaml`/`.yml`). */
const TEMPLATE_FILE_NAME = /\.template(?:\.(?:json|ya?ml))?$/i;

/** `Type: AWS::…` in YAML or `"Type": "AWS::…"` in JSON, quoted or not. */
const RESOURCE_TYPE_LINE = /["']?\bType["']?\s*:\s*["']?(?:AWS|Alexa|Custom)::/;

/**
 * Cheap test on the raw text, for files that do not parse: should the failure
 * be reported as a broken template (true) or the file skipped quietly as
 * unrelated YAML/JSON (false)? True for a `.template` file name, a mention of
 * `AWSTemplateFormatVersion`, or a `Type: AWS::…` line.
 */
export function mayBeCloudFormationText(path: string, text: string): boolean {
  return TEMPLATE_FILE_NAME.test(path) || text.includes('AWSTemplateFormatVersion') || RESOURCE_TYPE_LINE.test(text);
}
