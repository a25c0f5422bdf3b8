import type { CST } from 'yaml';

/** The `yaml` package's CST Parser without generators: parse() returns every token at once. */
export declare class Parser {
  constructor(onNewLine?: (offset: number) => void);
  parse(source: string): CST.Token[];
  /** Offset in the source of the next lexeme, as in the library's Parser. */
  offset: number;
}
