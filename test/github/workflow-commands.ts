/**
 * GitHub's workflow-command syntax as the Actions runner reads a line of a
 * step's output (actions/runner, ActionCommand.TryParseV2, described in
 * https://docs.github.com/actions/reference/workflow-commands):
 *
 *   ::NAME[ KEY=VALUE[,KEY=VALUE]*]::DATA
 *
 * A line is a command only when it starts with `::` (after leading and
 * trailing whitespace is trimmed); the first `::` after the name ends the
 * properties, properties split on `,`, each on its first `=`. Values are then
 * unescaped: data `%0D` `%0A` `%25`, properties also `%3A` `%2C`.
 */

export interface ParsedCommand {
  name: string;
  properties: Map<string, string>;
  data: string;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

export function parseCommandLine(line: string): ParsedCommand | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('::')) return undefined;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return undefined;
  const head = trimmed.slice(2, end);
  const space = head.indexOf(' ');
  const name = space < 0 ? head : head.slice(0, space);
  const properties = new Map<string, string>();
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(',')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) return undefined;
      properties.set(pair.slice(0, eq), unescapeProperty(pair.slice(eq + 1)));
    }
  }
  return { name, properties, data: unescapeData(trimmed.slice(end + 2)) };
}

/** Every line of a step's output the runner would take as a command. The runner splits on CR and LF. */
export function commandsIn(output: string): ParsedCommand[] {
  return output.split(/\r\n|\r|\n/).flatMap((l) => parseCommandLine(l) ?? []);
}

/** The properties an annotation command may carry. */
export const ANNOTATION_PROPERTIES = new Set(['title', 'file', 'line', 'endLine', 'col', 'endColumn']);
