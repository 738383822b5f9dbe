const MADE_HERE = Symbol('html');

/**
 * Markup that is safe to send: made only by `html`, which escapes every value it interpolates, or by `trusted`
 * for constants of this module's own making. A string never becomes markup by accident.
 */
export class Html {
  constructor(
    token: symbol,
    readonly text: string,
  ) {
    // Only this module holds the token: no other code can wrap a string as markup.
    if (token !== MADE_HERE) throw new Error('markup is made by html`` or trusted()');
  }

  toString(): string {
    return this.text;
  }
}

/** What a template may interpolate: text and numbers are escaped; `false`, `null` and `undefined` render nothing. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A tagged template that escapes by default: html`<td>${name}</td>`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(MADE_HERE, text);
}

/** Markup taken as it is: only for constants written in this code (the stylesheet), never for data. */
export function trusted(constant: string): Html {
  return new Html(MADE_HERE, constant);
}
