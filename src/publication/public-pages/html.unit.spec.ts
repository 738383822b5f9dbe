import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Html, escapeHtml, html, trusted } from './html.js';

describe('the html template', () => {
  it('escapes every interpolated text', () => {
    const name = `<script>alert("x")</script> & 'y'`;
    expect(html`<td title="${name}">${name}</td>`.text).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</td>',
    );
  });

  it('keeps markup made by html, and escapes the text inside it once', () => {
    const cell = html`<td>${'a<b'}</td>`;
    expect(html`<tr>${cell}</tr>`.text).toBe('<tr><td>a&lt;b</td></tr>');
  });

  it('renders lists, numbers and absent values', () => {
    expect(html`<ul>${['<1>', 2].map((item) => html`<li>${item}</li>`)}</ul>`.text).toBe('<ul><li>&lt;1&gt;</li><li>2</li></ul>');
    expect(html`[${null}${undefined}${false}${0}]`.text).toBe('[0]');
    expect(html`${['&', html`<br>`]}`.text).toBe('&amp;<br>');
  });

  it('does not take a string that looks like markup as markup', () => {
    const forged = { text: '<b>', toString: () => '<b>' };
    expect(html`${forged as unknown as string}`.text).toBe('&lt;b&gt;');
  });

  it('cannot be made outside the module', () => {
    expect(() => new Html(Symbol('html'), '<b>')).toThrow();
  });

  it('takes only what trusted() marks as it is', () => {
    expect(html`<style>${trusted('a>b{}')}</style>`.text).toBe('<style>a>b{}</style>');
  });

  it('leaves no character that could open a tag, an entity or end an attribute, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')).toBe(text);
      }),
    );
  });
});
