/**
 * "Did you mean": the closest known word to a mistyped one, shared by content
 * errors (unknown fields) and the command line (unknown commands).
 */

/** Levenshtein distance, ignoring case. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** The known word closest to `word`, if it is close enough to be a typo of it (a third of its letters, at least 2). */
export function closestMatch(word: string, known: readonly string[]): string | undefined {
  const best = known.map((k) => ({ k, d: editDistance(word, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.k : undefined;
}

/** `did you mean "summary"?`, or undefined when nothing is close. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const match = closestMatch(word, known);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
