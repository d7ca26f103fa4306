import { bigrams, splitCjk } from './cjk';
import type { Term } from './query-parser';
import { foldText, type Needle } from './snippet';

const INDEXABLE = /[\p{L}\p{N}\p{Co}]/u;
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;

/** A string literal of the FTS5 query syntax: whatever it holds is tokenized, never parsed. */
function literal(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * One term as an FTS5 expression over either index (passages: `text, cjk`; titles: `title, cjk`);
 * null when nothing in it can be indexed. Words carry no column filter: they are looked up in both
 * columns, since words glued to CJK text are only tokens of the `cjk` column, and a filter naming
 * every column would only make FTS5 check each row's positions (3x slower BM25 on common words).
 */
export function termExpression(term: Term): string | null {
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
    return [`${literal(part.text)}${prefix}`];
  });
  if (!pieces.length) return null;
  return pieces.length === 1 ? pieces[0]! : `(${pieces.join(' AND ')})`;
}

/** Groups joined by AND, the terms of a group by OR; null when no term can be indexed. */
export function groupsExpression(groups: Term[][]): string | null {
  const clauses = groups.flatMap((group) => {
    const alternatives = group.flatMap((term) => termExpression(term) ?? []);
    if (!alternatives.length) return [];
    return [alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`];
  });
  return clauses.length ? clauses.join(' AND ') : null;
}

/** The words of a phrase term, each a phrase of its own; none for other terms. */
export function phraseWords(term: Term): string[] {
  return term.mode === 'phrase' ? (term.text.match(WORD) ?? []).map((word) => literal(word)) : [];
}

/**
 * What a snippet highlights for these terms: CJK parts as plain strings (they have no word
 * boundaries), other parts as folded words, the last one of a prefix term as a prefix.
 */
export function snippetNeedles(groups: Term[][]): Needle[] {
  return groups.flat().flatMap((term) => {
    const parts = splitCjk(term.text);
    return parts.flatMap((part, index): Needle[] => {
      if (part.cjk) return [part.text];
      const words = part.text.match(WORD) ?? [];
      return words.map((word, w) => ({
        word: foldText(word),
        prefix: term.mode === 'prefix' && index === parts.length - 1 && w === words.length - 1,
      }));
    });
  });
}
