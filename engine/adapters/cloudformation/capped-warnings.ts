// Warnings of one kind about one template's resource properties: the first few said one by one at their
// lines, the rest counted on one line, so that a template of a thousand null values or misspelt names
// gives a readable report (and a bounded one) while still saying how many there are.

import type { Diagnostic } from '../../../core/diagnostics.js';
import type { CfnTemplate } from '../../../parsers/cloudformation/index.js';

export class CappedWarnings {
  private said = 0;
  private more = 0;

  /**
   * `rest` words the count of those not said one by one. With `nearest`, a warning whose exact key has no
   * position (an empty YAML value) is placed at the nearest one.
   */
  constructor(
    private readonly t: CfnTemplate,
    private readonly diagnostics: Diagnostic[],
    private readonly code: string,
    private readonly max: number,
    private readonly rest: (count: number) => string,
    private readonly nearest = false,
  ) {}

  /** A warning about the value at `path` under the Properties of resource `logicalId`, or one more counted. */
  warn(logicalId: string, path: readonly (string | number)[], message: string): void {
    if (this.said >= this.max) {
      this.more++;
      return;
    }
    this.said++;
    const full = ['Resources', logicalId, 'Properties', ...path];
    const range = this.t.positions.getKey(full) ?? (this.nearest ? this.t.positions.nearest(full) : undefined);
    this.diagnostics.push({ level: 'warning', code: this.code, file: this.t.file, ...(range ? { range } : {}), message });
  }

  /** The warning that counts those not said one by one, if any. */
  flush(): void {
    if (this.more === 0) return;
    this.diagnostics.push({ level: 'warning', code: this.code, file: this.t.file, message: this.rest(this.more) });
  }
}
