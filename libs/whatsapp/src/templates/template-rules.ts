// Message templates as the Cloud API defines them: their shape, their lifecycle as data, the
// checks a review applies, and how a send's parameters fill them in. Pure functions, unit-tested.

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const TEMPLATE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** Every legal move of a template's status; anything else is refused. */
export const TEMPLATE_TRANSITIONS: Record<TemplateStatus, readonly TemplateStatus[]> = {
  PENDING: ['APPROVED', 'REJECTED'],
  APPROVED: ['PAUSED', 'DISABLED'],
  PAUSED: ['APPROVED', 'DISABLED'],
  REJECTED: [],
  DISABLED: [],
};

export const canMoveTemplate = (from: TemplateStatus, to: TemplateStatus): boolean => TEMPLATE_TRANSITIONS[from].includes(to);

export interface TemplateButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'OTP' | 'COPY_CODE';
  text?: string;
  url?: string;
  phone_number?: string;
  otp_type?: string;
}

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: 'TEXT' | 'IMAGE';
  text?: string;
  buttons?: TemplateButton[];
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
}

export interface TemplateInput {
  name: string;
  language: string;
  category: TemplateCategory;
  components: TemplateComponent[];
}

/** The problem with a template as registered, or null: the shape Meta's API accepts. */
export function templateProblem(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return 'the body must be a JSON object';
  const t = input as Record<string, unknown>;
  if (typeof t.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(t.name))
    return 'name must be lowercase letters, digits and underscores';
  if (typeof t.language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(t.language))
    return 'language must be a code such as en_US';
  if (!TEMPLATE_CATEGORIES.includes(t.category as TemplateCategory))
    return `category must be one of ${TEMPLATE_CATEGORIES.join(', ')}`;
  if (!Array.isArray(t.components) || t.components.length === 0) return 'components must be a non-empty array';
  const types = new Set<string>();
  for (const c of t.components as Record<string, unknown>[]) {
    if (typeof c !== 'object' || c === null) return 'each component must be an object';
    const type = String(c.type ?? '').toUpperCase();
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) return `unknown component type ${String(c.type)}`;
    if (types.has(type)) return `only one ${type} component`;
    types.add(type);
    if ((type === 'BODY' || type === 'FOOTER') && (typeof c.text !== 'string' || c.text.length === 0 || c.text.length > 1024))
      return `${type} needs text of 1 to 1024 characters`;
    if (type === 'HEADER' && (c.format ?? 'TEXT') === 'TEXT' && (typeof c.text !== 'string' || c.text.length > 60))
      return 'a TEXT header needs text of up to 60 characters';
    if (type === 'BUTTONS' && (!Array.isArray(c.buttons) || c.buttons.length < 1 || c.buttons.length > 10))
      return 'BUTTONS needs 1 to 10 buttons';
  }
  if (!types.has('BODY') && t.category !== 'AUTHENTICATION') return 'a BODY component is required';
  return null;
}

/** The template as stored: component types upper-cased, an authentication body filled in as Meta does. */
export function normaliseTemplate(input: TemplateInput): TemplateInput {
  const components = input.components.map((c) => ({ ...c, type: c.type.toUpperCase() as TemplateComponent['type'] }));
  if (input.category === 'AUTHENTICATION' && !components.some((c) => c.type === 'BODY'))
    components.unshift({ type: 'BODY', text: '{{1}} is your verification code.' });
  return { ...input, components };
}

/** How many `{{n}}` parameters a text takes (the highest n). */
export function placeholderCount(text: string | undefined): number {
  let max = 0;
  for (const m of (text ?? '').matchAll(/\{\{(\d+)\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * What an automatic review finds wrong with a template, or null to approve it: the checks Meta
 * documents as the common reasons for rejection.
 */
export function reviewProblem(t: TemplateInput): string | null {
  for (const c of t.components) {
    const text = c.text ?? '';
    const numbers = [...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
    const expected = Array.from({ length: numbers.length ? Math.max(...numbers) : 0 }, (_, i) => i + 1);
    if (expected.some((n) => !numbers.includes(n))) return `${c.type} parameters must be numbered {{1}}, {{2}}… without gaps`;
    if (/^\s*\{\{\d+\}\}|\{\{\d+\}\}\s*$/.test(text) && c.type === 'BODY' && t.category !== 'AUTHENTICATION')
      return 'BODY may not start or end with a parameter';
    if (/\{\{\d+\}\}\s*\{\{\d+\}\}/.test(text)) return `${c.type} has two parameters side by side`;
  }
  if (t.category === 'AUTHENTICATION') {
    const body = t.components.find((c) => c.type === 'BODY');
    if (placeholderCount(body?.text) !== 1) return 'an AUTHENTICATION template has exactly one parameter, the code';
  }
  return null;
}

/** A send's `template.components`: parameters per component type (body, header, button by index). */
export interface TemplateSendComponent {
  type: string;
  sub_type?: string;
  index?: string | number;
  parameters?: { type: string; text?: string; payload?: string; image?: { id?: string; link?: string } }[];
}

export interface RenderedTemplate {
  header: string | null;
  body: string;
  footer: string | null;
  /** Quick replies, with the payloads the send gave them (or their text). */
  quickReplies: { id: string; title: string }[];
}

/** Thrown by `renderTemplate` when the send's parameters do not fit the template (Cloud API 132000). */
export class TemplateParamsError extends Error {}

/** Fills a template in with a send's parameters; their number must match exactly. */
export function renderTemplate(components: TemplateComponent[], given: TemplateSendComponent[] = []): RenderedTemplate {
  const fill = (type: 'HEADER' | 'BODY', text: string | undefined): string | null => {
    if (text === undefined) return null;
    const want = placeholderCount(text);
    const params = given.find((g) => g.type?.toLowerCase() === type.toLowerCase())?.parameters ?? [];
    if (params.length !== want)
      throw new TemplateParamsError(`${type.toLowerCase()} takes ${want} parameter(s), ${params.length} given`);
    const values = params.map((p) => (p.type === 'text' ? String(p.text ?? '') : String(p.payload ?? p.text ?? '')));
    return text.replace(/\{\{(\d+)\}\}/g, (_, n: string) => values[Number(n) - 1]);
  };
  const of = (type: TemplateComponent['type']) => components.find((c) => c.type === type);
  const header = of('HEADER');
  const buttons = of('BUTTONS')?.buttons ?? [];
  const quickReplies = buttons.flatMap((b, i) => {
    if (b.type !== 'QUICK_REPLY') return [];
    const sent = given.find((g) => g.type?.toLowerCase() === 'button' && Number(g.index) === i);
    const payload = sent?.parameters?.[0]?.payload;
    return [{ id: payload ?? b.text ?? `button-${i}`, title: (b.text ?? '').slice(0, 20) }];
  });
  return {
    header: header && (header.format ?? 'TEXT') === 'TEXT' ? fill('HEADER', header.text) : null,
    body: fill('BODY', of('BODY')?.text) ?? '',
    footer: of('FOOTER')?.text ?? null,
    quickReplies,
  };
}
