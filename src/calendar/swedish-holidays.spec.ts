import { swedishDaysOff } from './swedish-holidays';
import { expectedDaysOff, YEARS } from './swedish-days-off.fixture';

describe('swedishDaysOff', () => {
  it.each(YEARS)(
    '%i: exactly the allmänna helgdagar plus midsommar-, jul- and nyårsafton',
    (year) => {
      const actual = [...swedishDaysOff(year)].sort(([a], [b]) => a.localeCompare(b));
      expect(new Map(actual)).toEqual(expectedDaysOff(year));
    },
  );

  it('keeps the eves that are working days out (påskafton, pingstafton, trettondagsafton, valborg, allhelgonaafton)', () => {
    const days = swedishDaysOff(2024);
    for (const eve of ['2024-03-30', '2024-05-18', '2024-01-05', '2024-04-30', '2024-11-01']) {
      expect(days.has(eve)).toBe(false);
    }
  });

  it('computes a year once and then answers from the cache', () => {
    expect(swedishDaysOff(2031)).toBe(swedishDaysOff(2031));
  });
});
