import {
  canMoveTemplate,
  normaliseTemplate,
  placeholderCount,
  renderTemplate,
  reviewProblem,
  TEMPLATE_STATUSES,
  TemplateParamsError,
  templateProblem,
} from './template-rules';

describe('template rules', () => {
  const body = (text: string) => [{ type: 'BODY' as const, text }];

  it('counts {{n}} parameters by the highest n', () => {
    expect(placeholderCount('Hi {{1}}, order {{2}}')).toBe(2);
    expect(placeholderCount('no params')).toBe(0);
    expect(placeholderCount(undefined)).toBe(0);
  });

  it('accepts the Cloud API’s shape and names what is wrong otherwise', () => {
    expect(templateProblem({ name: 'order_ready', language: 'en_US', category: 'UTILITY', components: body('x') })).toBeNull();
    expect(templateProblem({ name: 'Order Ready', language: 'en_US', category: 'UTILITY', components: body('x') })).toMatch(
      /name/,
    );
    expect(templateProblem({ name: 'a', language: 'english', category: 'UTILITY', components: body('x') })).toMatch(/language/);
    expect(templateProblem({ name: 'a', language: 'en', category: 'PROMO', components: body('x') })).toMatch(/category/);
    expect(templateProblem({ name: 'a', language: 'en', category: 'UTILITY', components: [] })).toMatch(/components/);
    expect(
      templateProblem({ name: 'a', language: 'en', category: 'UTILITY', components: [{ type: 'FOOTER', text: 'x' }] }),
    ).toMatch(/BODY/);
    expect(templateProblem(null)).toMatch(/object/);
  });

  it('gives an authentication template Meta’s body when it has none', () => {
    const t = normaliseTemplate({ name: 'code', language: 'en', category: 'AUTHENTICATION', components: [] });
    expect(t.components).toEqual([{ type: 'BODY', text: '{{1}} is your verification code.' }]);
    expect(reviewProblem(t)).toBeNull();
  });

  it('reviews as Meta documents: numbered without gaps, none side by side, none at the ends of a body', () => {
    const t = (text: string, category: 'UTILITY' | 'AUTHENTICATION' = 'UTILITY') => ({
      name: 'a',
      language: 'en',
      category,
      components: body(text),
    });
    expect(reviewProblem(t('Hi {{1}}, your order {{2}} is ready.'))).toBeNull();
    expect(reviewProblem(t('Hi {{1}}, your order {{3}} is ready.'))).toMatch(/without gaps/);
    expect(reviewProblem(t('Hi {{1}} {{2}} there'))).toMatch(/side by side/);
    expect(reviewProblem(t('{{1}} is here'))).toMatch(/start or end/);
    expect(reviewProblem(t('Your code', 'AUTHENTICATION'))).toMatch(/exactly one parameter/);
  });

  it('moves only along its table, and terminal states stay', () => {
    expect(canMoveTemplate('PENDING', 'APPROVED')).toBe(true);
    expect(canMoveTemplate('PENDING', 'REJECTED')).toBe(true);
    expect(canMoveTemplate('APPROVED', 'PAUSED')).toBe(true);
    expect(canMoveTemplate('REJECTED', 'APPROVED')).toBe(false);
    for (const to of TEMPLATE_STATUSES) expect(canMoveTemplate('DISABLED', to)).toBe(false);
  });

  it('fills parameters in and refuses a wrong count', () => {
    const components = [
      { type: 'HEADER' as const, format: 'TEXT' as const, text: 'For {{1}}' },
      { type: 'BODY' as const, text: 'Order {{1}} is {{2}}.' },
      { type: 'FOOTER' as const, text: 'Kedai' },
      {
        type: 'BUTTONS' as const,
        buttons: [
          { type: 'QUICK_REPLY' as const, text: 'Thanks' },
          { type: 'URL' as const, text: 'Track' },
        ],
      },
    ];
    const rendered = renderTemplate(components, [
      { type: 'header', parameters: [{ type: 'text', text: 'Ali' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'KD-1' },
          { type: 'text', text: 'ready' },
        ],
      },
      { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'THANKS' }] },
    ]);
    expect(rendered).toEqual({
      header: 'For Ali',
      body: 'Order KD-1 is ready.',
      footer: 'Kedai',
      quickReplies: [{ id: 'THANKS', title: 'Thanks' }],
    });
    expect(() => renderTemplate(components, [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }])).toThrow(
      TemplateParamsError,
    );
  });
});
