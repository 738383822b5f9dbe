/**
 * The one way this code writes HTML: the `html` tagged template, which escapes every value it interpolates unless the
 * value is already `SafeHtml`. A string never becomes markup by accident: a function that takes `SafeHtml` refuses a
 * string at compile time, and `SafeHtml` cannot be forged at run time.
 *
 * Interpolate only into element content or into a quoted attribute value (`title="${value}"`): the escaping covers
 * both (& < > " ' and the backtick), but not an unquoted attribute, a tag or attribute name, a URL's scheme, a
 * <script> or a <style>.
 */

const MADE_HERE = Symbol('SafeHtml');

/** Markup that is safe to send: made only by `html`, `joinHtml` or, for constants of this code's own, `trustedHtml`. */
export class SafeHtml {
  // An ES private field makes the type nominal: an object that merely looks like SafeHtml is not one.
  readonly #text: string;

  constructor(token: symbol, text: string) {
    // Only this module holds the token: no other code can wrap a string as markup.
    if (token !== MADE_HERE) throw new Error('markup is made by html`` or trustedHtml()');
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

/**
 * What a template may interpolate: text and numbers are escaped, `SafeHtml` is taken as it is, arrays are joined
 * without a separator; `false`, `null` and `undefined` render nothing.
 */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

function escape(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(String(value));
}

/** A tagged template that escapes by default: html`<td title="${note}">${name}</td>`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(MADE_HERE, text);
}

/** The values one after another with a separator between them, each escaped unless it is `SafeHtml`: `、`, `\n`. */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue): SafeHtml {
  const between = render(separator);
  return new SafeHtml(MADE_HERE, values.map(render).join(between));
}

/**
 * Markup taken as it is, unescaped. Only for a constant written in this code that escaping would break, and never for
 * data: the inline stylesheets, whose quotes and `>` must reach the browser as they are (and whose bytes a
 * Content-Security-Policy hash pins).
 */
export function trustedHtml(constant: string): SafeHtml {
  return new SafeHtml(MADE_HERE, constant);
}

/** The response body of a page: the doctype, then the document's root element. */
export function renderDocument(root: SafeHtml): string {
  return `<!doctype html>\n${root.toString()}\n`;
}
