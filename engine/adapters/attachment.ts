import type { Resource } from '../graph.js';
import { Unknown } from '../../core/unknown.js';

/**
 * Roots are `r-…`, organizational units `ou-…`. A target known only at
 * deployment (a `!Ref` to an OU created in the stack) is an OU or root when
 * the referenced resource is one.
 */
export function setAttachment(r: Resource): void {
  const targets = r.props['targets'];
  if (targets === undefined) {
    r.props['attachedToRootOrOu'] = false;
    r.defaulted.add('attachedToRootOrOu');
    return;
  }
  if (targets instanceof Unknown) {
    r.props['attachedToRootOrOu'] = targets;
    return;
  }
  const list = targets as (string | Unknown)[];
  if (list.some((t) => typeof t === 'string' && /^(r|ou)-[0-9a-z]/.test(t))) r.props['attachedToRootOrOu'] = true;
  else if (list.some((t) => t instanceof Unknown)) r.props['attachedToRootOrOu'] = list.find((t) => t instanceof Unknown);
  else r.props['attachedToRootOrOu'] = false;
  if (r.locs['targets']) r.locs['attachedToRootOrOu'] = r.locs['targets'];
}
