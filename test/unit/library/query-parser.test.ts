import { describe, expect, it } from 'vitest';
import { groupsExpression, termExpression } from '../../../electron/core/library/fts-expression';
import { parseQuery } from '../../../electron/core/library/query-parser';

describe('parseQuery', () => {
  it('reads words, phrases, prefixes, exclusions and OR', () => {
    const q = parseQuery('alpha "exact phrase" pre* -gone beta OR gamma');
    expect(q.must).toEqual([
      [{ text: 'alpha', mode: 'word' }],
      [{ text: 'exact phrase', mode: 'phrase' }],
      [{ text: 'pre', mode: 'prefix' }],
      [
        { text: 'beta', mode: 'word' },
        { text: 'gamma', mode: 'word' },
      ],
    ]);
    expect(q.not).toEqual([{ text: 'gone', mode: 'word' }]);
  });

  it('reads every filter, negated ones and quoted values', () => {
    const q = parseQuery(
      'type:PDF -type:md tag:"to read" -tag:old title:plan after:2025-01 before:2025-02-15 in:notes lang:JA',
    );
    expect(q.filters).toEqual({
      types: ['pdf'],
      notTypes: ['markdown'],
      tags: ['to read'],
      notTags: ['old'],
      languages: ['ja'],
      after: Date.UTC(2025, 0, 1),
      before: Date.UTC(2025, 1, 15),
      notes: true,
    });
    expect(q.title).toEqual([{ text: 'plan', mode: 'word' }]);
    expect(q.must).toEqual([]);
  });

  it('treats unknown fields and stray syntax as text', () => {
    expect(parseQuery('http://example.org').must).toEqual([
      [{ text: 'http://example.org', mode: 'word' }],
    ]);
    expect(parseQuery('( ) * - " ').must).toEqual([]);
    expect(
      parseQuery('NEAR(a b)')
        .must.flat()
        .map((t) => t.text),
    ).toEqual(['NEAR', 'a', 'b']);
  });

  it('rejects malformed filters with a clear query_error', () => {
    expect(() => parseQuery('after:2025-02-30')).toThrow(
      expect.objectContaining({ code: 'query_error', message: expect.stringContaining('after:') }),
    );
    expect(() => parseQuery('in:trash')).toThrow(expect.objectContaining({ code: 'query_error' }));
    expect(() => parseQuery('type:')).not.toThrow();
    expect(() => parseQuery('tag:""')).toThrow(expect.objectContaining({ code: 'query_error' }));
    expect(() => parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toThrow(
      expect.objectContaining({ code: 'query_error' }),
    );
  });
});

describe('FTS5 expressions', () => {
  it('quotes every term so no user text is parsed as FTS5 syntax', () => {
    expect(termExpression({ text: 'a"b OR c', mode: 'phrase' })).toBe('"a""b OR c"');
    expect(termExpression({ text: 'comp', mode: 'prefix' })).toBe('"comp" *');
  });

  it('turns CJK into bigram phrases and a single character into a prefix', () => {
    expect(termExpression({ text: '歴史的', mode: 'word' })).toBe('cjk : "歴史 史的"');
    expect(termExpression({ text: '歴', mode: 'word' })).toBe('cjk : "歴" *');
    expect(termExpression({ text: 'Debian歴史', mode: 'word' })).toBe(
      '("Debian" AND cjk : "歴史")',
    );
  });

  it('joins groups with AND and alternatives with OR, dropping unindexable terms', () => {
    const groups = [
      [
        { text: 'a', mode: 'word' as const },
        { text: 'b', mode: 'word' as const },
      ],
      [{ text: '!!', mode: 'word' as const }],
    ];
    expect(groupsExpression(groups)).toBe('("a" OR "b")');
    expect(groupsExpression([[{ text: '??', mode: 'word' }]])).toBeNull();
  });
});
