// `parameterize`: a tagged template whose result reads as the formatted text and also carries the
// template and its values, so `captureMessage(parameterize\`User ${id} failed\`)` sends
// `logentry: { message: 'User %s failed', params: [id] }` (as @sentry/node does; Sentry groups by
// the template). The property names are @sentry/node's, so its `fmt` results are understood too.
import { safe } from '../utils/safe.js';

export type ParameterizedString = string & {
  __sentry_template_string__?: string;
  __sentry_template_values__?: unknown[];
};

/** Never throws: a call that is not a tagged template gives the text of its first argument. */
export function parameterize(strings: TemplateStringsArray, ...values: unknown[]): ParameterizedString {
  return safe(
    'parameterize',
    () => {
      const texts = values.map((v) => safe('parameterize value', () => String(v), '[unprintable]'));
      // A String object, not a primitive: it prints as the text and can carry the template.
      const out = new String(String.raw(strings, ...texts)) as unknown as ParameterizedString;
      out.__sentry_template_string__ = Array.from(strings, String)
        .join('\0')
        .replace(/%/g, '%%')
        .replace(/\0/g, '%s');
      out.__sentry_template_values__ = values;
      return out;
    },
    safe('parameterize', () => String(strings), '') as ParameterizedString,
  );
}

/** The template and values of a `parameterize`d message, or undefined for anything else. */
export function templateOf(value: unknown): { message: string; params: unknown[] } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    const message = (value as ParameterizedString).__sentry_template_string__;
    const params = (value as ParameterizedString).__sentry_template_values__;
    return typeof message === 'string' && Array.isArray(params)
      ? { message, params: [...params] }
      : undefined;
  } catch {
    return undefined;
  }
}
