import { MAX_SORT_KEY_LENGTH, swedishListSortKey, swedishSortKey } from './swedish-sort-key';

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sign = (n: number) => Math.sign(n);

describe('swedishSortKey', () => {
  // Titles and names as officials write them; one kind of punctuation, so the collator's
  // ordering among punctuation marks is not in question.
  const TEXTS = [
    'Öppettider', 'Åtgärd', 'Ärende', 'avgift', 'Avgift', 'Zon', 'Borås', 'Alingsås', 'Ale', 'ale', 'Éco', 'eco',
    'Västra Götaland', 'Vänersborg', 'Ulricehamn', 'Ödeshög', 'Åmål', '10 dagar', '9 dagar', 'Mölndal', 'Müller',
    'Myller', 'Mårdh', 'Maria', 'Zäta', 'zz', 'Øre', 'Ærlig', 'Straße', 'Strasse', 'a b', 'ab', 'a-c', 'Ändrad tidplan',
    'Andrad', 'VGR', 'vgr-kontoret', 'Wendel', 'Vendel', 'Yxa', 'Zebra', 'Å', 'Ä', 'Ö',
  ];

  it('orders every pair as the Swedish collation does, case and accents aside', () => {
    const swedish = new Intl.Collator('sv', { sensitivity: 'base' });
    const disagreements: string[] = [];
    for (const a of TEXTS) {
      for (const b of TEXTS) {
        if (sign(byCodePoint(swedishSortKey(a), swedishSortKey(b))) !== sign(swedish.compare(a, b))) disagreements.push(`${a} / ${b}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('puts å, ä and ö after z, in that order', () => {
    const sorted = ['ö', 'z', 'ä', 'å', 'a'].sort((a, b) => byCodePoint(swedishSortKey(a), swedishSortKey(b)));
    expect(sorted).toEqual(['a', 'z', 'å', 'ä', 'ö']);
  });

  it('caps the key so that a list cursor can carry it', () => {
    expect(swedishSortKey('å'.repeat(500))).toHaveLength(MAX_SORT_KEY_LENGTH);
    expect(swedishSortKey('ß'.repeat(500))).toHaveLength(MAX_SORT_KEY_LENGTH);
  });
});

describe('swedishListSortKey', () => {
  it('orders lists of names by their first name, a shorter list before a longer one that starts the same', () => {
    const lists = [['Alingsås'], ['Borås', 'Ale'], ['Ale'], ['Öckerö'], ['Åmål', 'Borås']];
    const sorted = lists.sort((a, b) => byCodePoint(swedishListSortKey(a), swedishListSortKey(b)));
    expect(sorted).toEqual([['Ale'], ['Borås', 'Ale'], ['Alingsås'], ['Åmål', 'Borås'], ['Öckerö']]);
  });
});
