import { describe, expect, it } from '@jest/globals';
import { CONTENT_SECURITY_POLICY, PALETTE, layout } from './layout.js';
import { html } from '../../shared/html/html.js';

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

describe('the layout of the public pages', () => {
  it.each([
    ['text on the page', PALETTE.text, PALETTE.page],
    ['text on the search panel', PALETTE.text, PALETTE.panel],
    ['table headers', PALETTE.text, PALETTE.heading],
    ['links on the page', PALETTE.link, PALETTE.page],
    ['links on the search panel', PALETTE.link, PALETTE.panel],
    ['the banner', PALETTE.page, PALETTE.banner],
    ['the button', PALETTE.page, PALETTE.link],
    ['the withdrawn mark', PALETTE.page, PALETTE.alert],
    ['the withdrawal heading', PALETTE.alert, PALETTE.page],
    ['the footer', PALETTE.muted, PALETTE.page],
  ])('has enough contrast for %s (at least 4.5:1)', (_what, foreground, background) => {
    expect(contrast(foreground, background)).toBeGreaterThanOrEqual(4.5);
  });

  it('shows form fields and focus against the page (at least 3:1)', () => {
    expect(contrast(PALETTE.field, PALETTE.page)).toBeGreaterThanOrEqual(3);
    expect(contrast(PALETTE.focus, PALETTE.page)).toBeGreaterThanOrEqual(3);
  });

  it('frames a page in Chinese with one main landmark, and allows no source but its own stylesheet', () => {
    const page = layout({ title: '<标题>', section: 'bulletins', main: html`<h1>${'<标题>'}</h1>` });
    expect(page).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(page).toContain('<title>&lt;标题&gt; - 应急管理行政执法公示</title>');
    expect(page).toContain('<a href="/public/bulletins" aria-current="page">月度公示通报</a>');
    expect(page.match(/<main/g)).toHaveLength(1);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'$/);
  });
});
