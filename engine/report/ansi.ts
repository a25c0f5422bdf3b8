import type { Severity } from '../findings.js';

/**
 * Styling for the text report. With colour off every method returns its
 * input unchanged, so the plain output (what a pre-commit hook captures) has
 * exactly the same layout and words.
 */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  underline(text: string): string;
  green(text: string): string;
  severity(severity: Severity, text: string): string;
  level(level: 'error' | 'warning' | 'note', text: string): string;
}

const wrap = (open: string, close: string) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const bold = wrap('1', '22');
const dim = wrap('2', '22');
const underline = wrap('4', '24');
const red = wrap('31', '39');
const green = wrap('32', '39');
const yellow = wrap('33', '39');
const blue = wrap('34', '39');
const magenta = wrap('35', '39');

const SEVERITY_STYLE: Record<Severity, (text: string) => string> = {
  critical: (t) => bold(magenta(t)),
  high: red,
  medium: yellow,
  low: blue,
};

const LEVEL_STYLE = { error: red, warning: yellow, note: blue } as const;

const identity = (text: string) => text;

export function style(color: boolean): Style {
  if (!color) {
    return {
      bold: identity,
      dim: identity,
      underline: identity,
      green: identity,
      severity: (_s, t) => t,
      level: (_l, t) => t,
    };
  }
  return {
    bold,
    dim,
    underline: (t) => bold(underline(t)),
    green,
    severity: (s, t) => SEVERITY_STYLE[s](t),
    level: (l, t) => LEVEL_STYLE[l](t),
  };
}
