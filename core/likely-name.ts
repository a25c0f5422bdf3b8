/**
 * The name a misspelt one most likely meant, for "did you mean": one that differs only in case, else
 * one within two edits (`KmsKeyId` → `KMSKeyId`, `enable_loging` → `enable_logging`). Names are short
 * (property and argument names), and only names the input did not match are looked up.
 */
export function likelyName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  // Past two edits of length difference nothing can match; a long input name is not compared at all.
  if (lower.length > 100) return undefined;
  return known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => Math.abs(k.length - lower.length) <= 2 && editDistance(k.toLowerCase(), lower) <= 2);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
