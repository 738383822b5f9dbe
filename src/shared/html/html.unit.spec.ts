import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SafeHtml, html, joinHtml, renderDocument, trustedHtml } from './html.js';

const text = (markup: SafeHtml): string => markup.toString();

/** Only markup: a function of this shape refuses a string at compile time. */
const cell = (content: SafeHtml): SafeHtml => html`<td>${content}</td>`;

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };

describe('the html template', () => {
  it('escapes every interpolated text, in content and in a quoted attribute', () => {
    const name = `<script>alert("x")</script> & 'y' \`z\``;
    expect(text(html`<td title="${name}">${name}</td>`)).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;</td>',
    );
  });

  it('keeps the literal parts of the template as they are', () => {
    expect(text(html`<a href="/public/?kind=penalty" class='x'>a > b & c</a>`)).toBe(`<a href="/public/?kind=penalty" class='x'>a > b & c</a>`);
  });

  it('keeps markup made by html, and escapes the text inside it once', () => {
    const inner = html`<td>${'a<b'}</td>`;
    expect(text(html`<tr>${inner}</tr>`)).toBe('<tr><td>a&lt;b</td></tr>');
    expect(text(html`<table>${html`<tr>${html`<td>${'&'}</td>`}</tr>`}</table>`)).toBe('<table><tr><td>&amp;</td></tr></table>');
  });

  it('joins arrays of markup and of text, escaping the text', () => {
    expect(text(html`<ul>${['<1>', 2].map((item) => html`<li>${item}</li>`)}</ul>`)).toBe('<ul><li>&lt;1&gt;</li><li>2</li></ul>');
    expect(text(html`${['&', html`<br>`, [html`<hr>`, '"']]}`)).toBe('&amp;<br><hr>&quot;');
    expect(text(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('joins with a separator, escaped unless it is markup', () => {
    expect(text(joinHtml(['a<', html`<b>b</b>`, 'c'], '、'))).toBe('a&lt;、<b>b</b>、c');
    expect(text(joinHtml(['x', 'y'], '<'))).toBe('x&lt;y');
    expect(text(joinHtml(['x', 'y'], html`<br>\n`))).toBe('x<br>\ny');
    expect(text(joinHtml([], '\n'))).toBe('');
  });

  it('renders nothing for null, undefined and false, and numbers as they read', () => {
    expect(text(html`[${null}${undefined}${false}${0}${1.5}]`)).toBe('[01.5]');
    const current = false;
    expect(text(html`<a href="/"${current && html` aria-current="page"`}>`)).toBe('<a href="/">');
  });

  it('escapes a plain string however much it looks like markup', () => {
    expect(text(html`${'<b>bold</b>'}`)).toBe('&lt;b&gt;bold&lt;/b&gt;');
    const forged = { toString: () => '<b>' };
    expect(text(html`${forged as unknown as string}`)).toBe('&lt;b&gt;');
  });

  it('cannot be made outside the module', () => {
    expect(() => new SafeHtml(Symbol('SafeHtml'), '<b>')).toThrow();
  });

  it('takes only what trustedHtml() marks as it is', () => {
    expect(text(html`<style>${trustedHtml('a>b{font-family:"X"}')}</style>`)).toBe('<style>a>b{font-family:"X"}</style>');
  });

  it('renders a document as the doctype and its root element', () => {
    expect(renderDocument(html`<html lang="${'zh-CN'}"></html>`)).toBe('<!doctype html>\n<html lang="zh-CN"></html>\n');
  });

  it('refuses a string where markup is required, at compile time', () => {
    // @ts-expect-error a string is not SafeHtml
    expect(() => cell('<b>')).not.toThrow();
    // @ts-expect-error neither is an object that looks like it
    cell({ toString: () => '<b>' });
    // @ts-expect-error nor may a document be rendered from a string
    renderDocument('<html></html>');
    expect(text(cell(html`<b>${'x'}</b>`))).toBe('<td><b>x</b></td>');
  });

  it('leaves no character that could open a tag, an entity or end an attribute, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = text(html`${value}`);
        expect(escaped).not.toMatch(/[<>"'`]/);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39|#96);/g, '')).not.toContain('&');
        expect(escaped.replace(/&(amp|lt|gt|quot|#39|#96);/g, (entity) => ENTITIES[entity] ?? entity)).toBe(value);
      }),
    );
  });
});
