import { csvCell, csvLine } from './csv';

describe('csv', () => {
  it('quotes cells with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('säger "nej"')).toBe('"säger ""nej"""');
    expect(csvCell('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvCell('rad 1\r\nrad 2')).toBe('"rad 1\r\nrad 2"');
    expect(csvCell('Borås')).toBe('Borås');
    expect(csvCell('')).toBe('');
  });

  it.each(['=1+1', '+46 31 123', '-2', '@SUM(A1)', '\tx', '\rx'])('neutralises a formula start in %j', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, '').startsWith(`'${value[0]}`)).toBe(true);
  });

  it('ends a line with CRLF', () => {
    expect(csvLine(['a', 'b,c', '=x'])).toBe('a,"b,c",\'=x\r\n');
  });
});
