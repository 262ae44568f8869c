import { ftsQuery, searchable, searchWords, tsQuery } from './search-text';

describe('search text', () => {
  it('folds case, Swedish letters and other diacritics, and splits on everything but letters and digits', () => {
    expect(searchable('ÄB-2024-0001', 'Förändring i Borås', 'Sjuhärad: café, Ørsted; Straße')).toBe(
      'ab 2024 0001 forandring i boras sjuharad cafe orsted strasse',
    );
    expect(searchable(null, undefined, '')).toBe('');
    expect(searchable('ﬁl² ＡＢＣ ①')).toBe('fil2 abc 1');
  });

  it('reads a query the same way, keeping no search syntax', () => {
    expect(searchWords('"förändring" OR -Borås* NEAR(a b)')).toEqual(['forandring', 'or', 'boras', 'near', 'a', 'b']);
    expect(searchWords('  "*" -- ')).toEqual([]);
    expect(searchWords('a a a b')).toEqual(['a', 'b']);
    expect(searchWords('1 2 3 4 5 6 7 8 9 10')).toHaveLength(8);
  });

  it('makes every word a prefix in both engines', () => {
    expect(ftsQuery(['boras', '2024'])).toBe('"boras"* "2024"*');
    expect(tsQuery(['boras', '2024'])).toBe('boras:* & 2024:*');
  });
});
