import { bigrams, splitCjk } from './cjk';
import type { Term } from './query-parser';

const INDEXABLE = /[\p{L}\p{N}\p{Co}]/u;

/** A string literal of the FTS5 query syntax: whatever it holds is tokenized, never parsed. */
function literal(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * One term as an FTS5 expression over an index with a word column (`text` or `title`) and the
 * `cjk` bigram column; null when nothing in it can be indexed. Words are looked up in both columns
 * (one doclist either way), since words glued to CJK text are only tokens of the `cjk` column.
 */
export function termExpression(term: Term, wordColumn: 'text' | 'title'): string | null {
  const parts = splitCjk(term.text);
  const pieces = parts.flatMap((part, index) => {
    if (part.cjk) {
      const grams = bigrams(part.text);
      return grams.length === 1
        ? [`cjk : ${literal(grams[0]!)} *`]
        : [`cjk : ${literal(grams.slice(0, -1).join(' '))}`];
    }
    if (!INDEXABLE.test(part.text)) return [];
    const prefix = term.mode === 'prefix' && index === parts.length - 1 ? ' *' : '';
    return [`{${wordColumn} cjk} : ${literal(part.text)}${prefix}`];
  });
  if (!pieces.length) return null;
  return pieces.length === 1 ? pieces[0]! : `(${pieces.join(' AND ')})`;
}

/** Groups joined by AND, the terms of a group by OR; null when no term can be indexed. */
export function groupsExpression(groups: Term[][], wordColumn: 'text' | 'title'): string | null {
  const clauses = groups.flatMap((group) => {
    const alternatives = group.flatMap((term) => termExpression(term, wordColumn) ?? []);
    if (!alternatives.length) return [];
    return [alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`];
  });
  return clauses.length ? clauses.join(' AND ') : null;
}

/** Query parts that need a JavaScript snippet: FTS5 highlights only the word column. */
export function cjkNeedles(groups: Term[][]): string[] {
  return groups.flat().flatMap((term) =>
    splitCjk(term.text)
      .filter((p) => p.cjk)
      .map((p) => p.text),
  );
}
