/**
 * `text` without the run of characters from `chars` at its end: what `text.replace(/[<chars>]+$/, '')`
 * gives, in linear time. That pattern is quadratic on hostile text: it starts at every character of a
 * long run that is followed by something else, and runs to its end each time (40,000 newlines then a
 * letter: 8 s through Terraform's chomp()).
 */
export function trimTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}
