/** The `yaml` package's Lexer without generators: lex() returns every lexeme at once. */
export declare class Lexer {
  lex(source: string): string[];
}
