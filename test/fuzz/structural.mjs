// Structure-aware mutations for the fuzzer (fuzz.mjs): a JSON or YAML seed is parsed, one to three of
// its nodes are changed, and the document is written out again, still well-formed. Text mutations
// mostly end in a parse error, so the layers behind the parsers (adapters, intrinsic functions, the plan
// reader, policies, rules) see few of them; these keep the syntax and attack the meaning instead:
// a value of the wrong type (`IsLogging: [1]`, `EventSelectors: "x"`, a plan's `after: 7`), a member
// renamed to a name `Object.prototype` has, a map whose `toString` is not a function (`{ toString: 1 }`:
// converting it to text throws), a reference to one (`!Ref __proto__`), an intrinsic
// function where a literal was, a subtree moved, removed, nested or repeated.
//
// Everything is drawn from the caller's PRNG, so a seed gives the same cases on every machine.
import YAML from 'yaml';

const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

/** Values of the wrong type or shape, and intrinsic functions where a literal stood. */
const CONFUSERS = [
  null, true, false, 0, -1, 1.5, 1e308, 4294967296, '', ' ', '*', 'true', 'false', '0', '-1', 'null',
  [], {}, [[]], [null], [{}], { '': '' }, ['*'], { '*': '*' },
  'arn:aws:s3:::*', 'arn:aws:kms:*:*:key/*', '${aws_s3_bucket.b.arn}', '${var.__proto__}', '${local.constructor}',
  { Ref: '__proto__' }, { Ref: 'constructor' }, { Ref: 'AWS::NoValue' }, { Ref: 'AWS::AccountId' },
  { 'Fn::GetAtt': ['toString', 'Arn'] }, { 'Fn::GetAtt': 'hasOwnProperty.Arn' }, { 'Fn::GetAtt': [] },
  { 'Fn::If': ['__proto__', true, false] }, { 'Fn::If': [] }, { 'Fn::Sub': '${valueOf}' }, { 'Fn::Sub': ['${a}', { a: { Ref: '__proto__' } }] },
  { 'Fn::Join': ['', [{ Ref: 'AWS::Region' }, '*']] }, { 'Fn::Join': 7 }, { 'Fn::Select': [99, []] }, { 'Fn::Select': ['__proto__', [1]] },
  { 'Fn::FindInMap': ['__proto__', 'constructor', 'toString'] }, { 'Fn::Split': [',', { Ref: 'AWS::NoValue' }] },
  { 'Fn::ImportValue': 'x' }, { 'Fn::Base64': {} }, { 'Fn::Equals': [1] }, { Condition: '__proto__' },
  { unknown: true }, { __proto__: null, constructor: 'x' },
  // Maps whose members shadow the conversions: String() or a template literal of one throws.
  { toString: 1 }, { valueOf: 'x', toString: [] }, [{ toString: 1 }], { Ref: { toString: 1 } }, { 'Fn::Sub': { valueOf: 1 } },
  { 'Fn::Join': ['', [{ toString: 1 }]] }, { 'Fn::GetAtt': [{ toString: 1 }, 'Arn'] },
];

/** YAML short-form tags with arguments that have broken lookups, for YAML seeds. */
const SHORT_FORMS = [
  ['!Ref', '__proto__'], ['!Ref', 'hasOwnProperty'], ['!Ref', 'AWS::NoValue'], ['!GetAtt', 'constructor.Arn'], ['!Sub', '${toString}'],
  ['!Condition', 'valueOf'], ['!ImportValue', '__proto__'], ['!Base64', ''],
];

function pickFrom(list, rand) {
  return list[Math.floor(rand() * list.length)];
}

/** A deep copy in which any member name is an own member, `__proto__` included. */
function copy(value) {
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value)) Object.defineProperty(out, k, { value: copy(value[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function setOwn(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every container slot of a parsed JSON value: [parent, key or index], at most `limit` of them. */
function jsonSlots(root, limit) {
  const slots = [];
  const stack = [root];
  while (stack.length > 0 && slots.length < limit) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        slots.push([node, i]);
        if (node[i] && typeof node[i] === 'object') stack.push(node[i]);
      }
    } else if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        slots.push([node, k]);
        if (node[k] && typeof node[k] === 'object') stack.push(node[k]);
      }
    }
  }
  return slots;
}

function mutateJson(text, rand) {
  let root;
  try {
    root = copy(JSON.parse(text));
  } catch {
    return undefined;
  }
  const rounds = 1 + Math.floor(rand() * 3);
  for (let r = 0; r < rounds; r++) {
    const slots = jsonSlots(root, 50_000);
    if (slots.length === 0) break;
    const [parent, key] = pickFrom(slots, rand);
    const value = parent[key];
    const op = Math.floor(rand() * 7);
    if (op === 0 || op === 1) setOwn(parent, key, copy(pickFrom(CONFUSERS, rand)));
    else if (op === 2 && !Array.isArray(parent)) {
      // Rename to a prototype name (or to a sibling's name: the sibling is replaced, as a duplicate would).
      const keys = Object.keys(parent);
      const to = rand() < 0.7 ? pickFrom(PROTO_NAMES, rand) : pickFrom(keys, rand);
      delete parent[key];
      setOwn(parent, to, value);
    } else if (op === 3) {
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
    } else if (op === 4) setOwn(parent, key, rand() < 0.5 ? [value] : { [pickFrom(PROTO_NAMES, rand)]: value, a: value });
    else if (op === 5) setOwn(parent, key, copy(pickFrom(slots, rand)[0]));
    else if (Array.isArray(parent)) {
      const times = rand() < 0.2 ? 2000 + Math.floor(rand() * 20_000) : 1 + Math.floor(rand() * 5);
      for (let i = 0; i < times; i++) parent.push(copy(value));
    } else setOwn(parent, pickFrom(PROTO_NAMES, rand), copy(value));
  }
  return JSON.stringify(root, null, rand() < 0.5 ? 2 : undefined);
}

/** Every Pair and sequence item of a YAML document: [collection, index], at most `limit`. */
function yamlSlots(doc, limit) {
  const slots = [];
  YAML.visit(doc, {
    Map(_, node) {
      for (let i = 0; i < node.items.length && slots.length < limit; i++) slots.push([node, i]);
    },
    Seq(_, node) {
      for (let i = 0; i < node.items.length && slots.length < limit; i++) slots.push([node, i]);
    },
  });
  return slots;
}

function confuserNode(doc, rand) {
  if (rand() < 0.3) {
    const [tag, arg] = pickFrom(SHORT_FORMS, rand);
    const scalar = new YAML.Scalar(arg);
    scalar.tag = tag;
    return scalar;
  }
  return doc.createNode(copy(pickFrom(CONFUSERS, rand)));
}

function mutateYaml(text, rand) {
  let doc;
  try {
    doc = YAML.parseDocument(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0 || !doc.contents) return undefined;
  const rounds = 1 + Math.floor(rand() * 3);
  for (let r = 0; r < rounds; r++) {
    const slots = yamlSlots(doc, 50_000);
    if (slots.length === 0) break;
    const [collection, i] = pickFrom(slots, rand);
    const item = collection.items[i];
    const isPair = YAML.isPair(item);
    const op = Math.floor(rand() * 6);
    const setValue = (node) => {
      if (isPair) item.value = node;
      else collection.items[i] = node;
    };
    const current = isPair ? item.value : item;
    if (op === 0 || op === 1) setValue(confuserNode(doc, rand));
    else if (op === 2 && isPair) {
      const keys = collection.items.filter(YAML.isPair).map((p) => String(YAML.isScalar(p.key) ? p.key.value : p.key));
      item.key = doc.createNode(rand() < 0.7 ? pickFrom(PROTO_NAMES, rand) : pickFrom(keys, rand));
    } else if (op === 3) collection.items.splice(i, 1);
    else if (op === 4) {
      const wrapped = rand() < 0.5 ? new YAML.YAMLSeq() : new YAML.YAMLMap();
      if (YAML.isSeq(wrapped)) wrapped.items.push(current ?? null);
      else wrapped.items.push(doc.createPair(pickFrom(PROTO_NAMES, rand), current ?? null));
      setValue(wrapped);
    } else {
      // Another node of the document here (its own copy): a list where a scalar was, a resource in a property.
      const [other, j] = pickFrom(slots, rand);
      const source = other.items[j];
      const node = YAML.isPair(source) ? source.value : source;
      setValue(node == null ? null : node.clone());
    }
  }
  try {
    return doc.toString({ lineWidth: 0 });
  } catch {
    return undefined;
  }
}

/**
 * `text` with one to three structural changes, or undefined when it is not a document of the kind its
 * extension says (the caller then mutates the text).
 */
export function mutateStructure(text, ext, rand) {
  if (ext === '.json') return mutateJson(text, rand);
  if (ext === '.yaml' || ext === '.yml' || ext === '.template') return text.trimStart().startsWith('{') ? mutateJson(text, rand) : mutateYaml(text, rand);
  return undefined;
}
