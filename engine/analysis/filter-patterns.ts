import type { ResourceGraph } from '../graph.js';
import { parseFilterPattern } from '../semantics/filter-pattern.js';

/**
 * A metric filter's pattern as CloudWatch Logs would parse it
 * (semantics/filter-pattern.ts): `patternProblem` says why it would be
 * rejected, with the line and column inside the pattern. Each distinct
 * pattern text is parsed once per run (the parser caches), however many
 * accounts' baselines repeat it.
 */
export function analyzeFilterPatterns(graph: ResourceGraph): void {
  for (const f of graph.ofKind('metric_filter')) {
    const pattern = f.props['pattern'];
    if (typeof pattern !== 'string') continue;
    const parsed = parseFilterPattern(pattern);
    if (!parsed.ok) {
      const { line, column, message } = parsed.problem;
      const at = pattern.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
      f.props['patternProblem'] = `${message} (at ${at} of the pattern)`;
    }
  }
}
