import type { Resource } from '../graph.js';
import { getProperty } from './condition.js';

/** Fills {{address}}, {{name}}, {{props.X}}, {{params.X}}, {{related.R.address}}, {{considered}}. */
export function renderMessage(template: string, r: Resource, params: Record<string, unknown>, considered?: Resource[]): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, key: string) => {
    if (key === 'address') return r.address;
    if (key === 'kind') return r.kind;
    if (key === 'nativeType') return r.nativeType;
    if (key === 'name') {
      const n = r.props['name'];
      return typeof n === 'string' && n ? n : r.address;
    }
    if (key === 'considered') return (considered ?? [r]).map((x) => x.address).join(', ');
    if (key.startsWith('props.')) return show(getProperty(r, key.slice(6)));
    if (key.startsWith('params.')) return show(params[key.slice(7)]);
    if (key.startsWith('related.')) {
      const [, rel, field] = key.split('.');
      const edge = r.edges[rel ?? ''];
      if (edge?.status === 'resolved') return field === 'address' ? edge.target.address : show(getProperty(edge.target, field ?? 'name'));
      if (edge?.status === 'outside') return edge.name;
      return '(not set)';
    }
    return `{{${key}}}`;
  });
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '(not set)';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(show).join(', ');
  return String(v);
}
