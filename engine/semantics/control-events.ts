/**
 * The events of a monitoring control (CIS 4.x, Security Hub CloudWatch.x), as
 * data: the CloudTrail records its metric filters must match, the records
 * they must not match, and the published patterns that serve it. A rule's
 * `events.yaml` holds them; this module checks and expands that file.
 *
 * Records are written as CloudTrail writes them (CloudTrail record contents:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * each over a typical management event (`TYPICAL_RECORD`) so a file only
 * says what differs.
 */

export interface ControlEvent {
  /** How a finding names it: "CreateNetworkAcl", "console logins that used MFA". */
  name: string;
  record: Record<string, unknown>;
}

export interface ReferencePattern {
  source: string;
  pattern: string;
  /** Whether the pattern covers the control as these events define it (asserted by the tests). */
  covers: boolean;
  because?: string;
}

export interface ControlEvents {
  control: string;
  title: string;
  sources: string[];
  patterns: ReferencePattern[];
  events: ControlEvent[];
  exclusions: ControlEvent[];
}

/**
 * A management API call by an IAM user, as CloudTrail records it
 * (eventVersion 1.08+ fields). Events files override what matters to them.
 */
export const TYPICAL_RECORD: Readonly<Record<string, unknown>> = Object.freeze({
  eventVersion: '1.09',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'alice',
  },
  eventTime: '2026-01-15T10:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6',
  requestParameters: null,
  responseElements: null,
  requestID: '3f2c8e5a-1111-4d4e-9a1b-EXAMPLE',
  eventID: '9b1f0c7d-2222-4c3b-8f7e-EXAMPLE',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
});

export interface EventsProblem {
  path: (string | number)[];
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep merge of plain records; `over` wins, arrays and scalars replace. */
export function mergeRecord(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(base)) out[k] = base[k];
  for (const k of Object.keys(over)) {
    const a = out[k];
    const b = over[k];
    out[k] = isObject(a) && isObject(b) ? mergeRecord(a, b) : b;
  }
  // Plain objects again, so JSON and equality behave as for parsed records.
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

/** Checks an events file's data and expands its records; problems name the field. */
export function readControlEvents(data: unknown): { events?: ControlEvents; problems: EventsProblem[] } {
  const problems: EventsProblem[] = [];
  const fail = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (!isObject(data)) return { problems: [{ path: [], message: 'an events file is a mapping' }] };
  const known = new Set(['control', 'title', 'sources', 'patterns', 'common', 'events', 'exclusions']);
  for (const k of Object.keys(data)) if (!known.has(k)) fail([k], `unknown field '${k}'`);
  const str = (k: string): string => {
    const v = data[k];
    if (typeof v !== 'string' || v === '') fail([k], `'${k}' is a non-empty string`);
    return typeof v === 'string' ? v : '';
  };
  const control = str('control');
  const title = str('title');
  const sources = Array.isArray(data['sources']) ? data['sources'].filter((s): s is string => typeof s === 'string') : [];
  if (sources.length === 0) fail(['sources'], "'sources' lists where the events and patterns come from");
  const common = data['common'] ?? {};
  if (!isObject(common)) fail(['common'], "'common' is a mapping of record fields");
  const base = mergeRecord(TYPICAL_RECORD, isObject(common) ? common : {});

  const list = (key: 'events' | 'exclusions'): ControlEvent[] => {
    const raw = data[key];
    if (!Array.isArray(raw) || (key === 'events' && raw.length === 0)) {
      if (key === 'events' || raw !== undefined) fail([key], `'${key}' is a list${key === 'events' ? ' with at least one event' : ''}`);
      return [];
    }
    const out: ControlEvent[] = [];
    raw.forEach((item, i) => {
      if (!isObject(item)) return fail([key, i], 'an event is a mapping');
      for (const k of Object.keys(item)) if (k !== 'name' && k !== 'eventName' && k !== 'record') fail([key, i, k], `unknown field '${k}'`);
      const record = item['record'] ?? {};
      if (!isObject(record)) return fail([key, i, 'record'], "'record' is a mapping of CloudTrail record fields");
      const eventName = item['eventName'];
      if (eventName !== undefined && typeof eventName !== 'string') return fail([key, i, 'eventName'], "'eventName' is a string");
      const name = typeof item['name'] === 'string' ? item['name'] : eventName;
      if (!name) return fail([key, i], "an event has a 'name' (or an 'eventName', which names it)");
      out.push({ name, record: mergeRecord(base, eventName ? { ...record, eventName } : record) });
    });
    return out;
  };
  const events = list('events');
  const exclusions = list('exclusions');

  const patterns: ReferencePattern[] = [];
  const rawPatterns = data['patterns'] ?? [];
  if (!Array.isArray(rawPatterns)) fail(['patterns'], "'patterns' is a list");
  else
    rawPatterns.forEach((p, i) => {
      if (!isObject(p) || typeof p['pattern'] !== 'string' || typeof p['source'] !== 'string' || typeof p['covers'] !== 'boolean') {
        return fail(['patterns', i], "a pattern has 'source', 'pattern' and 'covers' (true or false)");
      }
      patterns.push({ source: p['source'], pattern: p['pattern'], covers: p['covers'], ...(typeof p['because'] === 'string' ? { because: p['because'] } : {}) });
    });
  if (problems.length > 0) return { problems };
  return { events: { control, title, sources, patterns, events, exclusions }, problems };
}
