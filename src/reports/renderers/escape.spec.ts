import { escapeHtml, escapeMarkdown, escapeMarkdownTableCell, safeHttpUrl } from './escape';

/** Splits a Markdown table row on pipes that are not backslash-escaped. */
function markdownCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);
}

describe('escape', () => {
  describe('escapeHtml', () => {
    it('escapes the five HTML-special characters', () => {
      expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
        '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
      );
    });

    it('leaves Swedish characters alone', () => {
      expect(escapeHtml('åäö ÅÄÖ')).toBe('åäö ÅÄÖ');
    });
  });

  describe('escapeMarkdown', () => {
    it('escapes inline syntax', () => {
      expect(escapeMarkdown('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
      expect(escapeMarkdown('*fet* _kursiv_ [länk](x) `kod` a | b ~x~ &amp; \\')).toBe(
        '\\*fet\\* \\_kursiv\\_ \\[länk\\](x) \\`kod\\` a \\| b \\~x\\~ \\&amp; \\\\',
      );
    });

    it('escapes block syntax at the start of lines only', () => {
      expect(escapeMarkdown('# Rubrik\n- punkt\n+ plus\n1. ett\n> citat\n===\nvärde-1')).toBe(
        '\\# Rubrik\n\\- punkt\n\\+ plus\n1\\. ett\n\\> citat\n\\===\nvärde-1',
      );
    });

    it('drops indentation after a line break so it cannot open a code block', () => {
      expect(escapeMarkdown('rad ett\n        kod?')).toBe('rad ett\nkod?');
    });

    it('joins lines with the given break and drops blank lines then', () => {
      expect(escapeMarkdown('ett\n\ntvå', '\\\n')).toBe('ett\\\ntvå');
    });

    it('keeps spaces at the edges of single-line text', () => {
      expect(escapeMarkdown(' (')).toBe(' (');
    });

    it('preserves Swedish characters', () => {
      expect(escapeMarkdown('åäö ÅÄÖ')).toBe('åäö ÅÄÖ');
    });
  });

  describe('escapeMarkdownTableCell', () => {
    it('keeps pipes and newlines from breaking the row', () => {
      const cell = escapeMarkdownTableCell('a | b\nc');
      expect(cell).toBe('a \\| b<br>c');
      expect(markdownCells(`| ${cell} | x |`)).toHaveLength(2);
    });
  });

  describe('safeHttpUrl', () => {
    it('accepts http and https URLs', () => {
      expect(safeHttpUrl('https://www.vgregion.se/a?b=c')).toBe('https://www.vgregion.se/a?b=c');
    });

    it('rejects other schemes and relative URLs', () => {
      expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
      expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
      expect(safeHttpUrl('/relativ')).toBeNull();
      expect(safeHttpUrl('https://')).toBeNull();
    });

    it('encodes characters that could end an attribute or a Markdown link', () => {
      const url = safeHttpUrl(`https://x.se/a"b'c(d)<e>`);
      expect(url).not.toBeNull();
      expect(url).not.toMatch(/["'()<>]/);
    });
  });
});
