import { brandOf, cardProblem, luhnValid, notExpired } from './cards';

describe('cards', () => {
  it.each([
    '4242424242424242',
    '4000000000000002',
    '4000000000009995',
    '4000002760003184',
    '4000000000000259',
    '5555555555554444',
    '2223003122003222',
  ])('Luhn accepts the test card %s', (n) => expect(luhnValid(n)).toBe(true));
  it.each(['4242424242424241', '1234', 'abcd123412341234', ''])('Luhn refuses %p', (n) => expect(luhnValid(n)).toBe(false));

  it.each([
    ['4242424242424242', 'visa'],
    ['4222222222222', 'visa'],
    ['5105105105105100', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2720999999999996', 'mastercard'],
    ['2721000000000004', null],
    ['5600000000000000', null],
    ['378282246310005', null],
    ['6011111111111117', null],
  ])('brand of %s is %p', (n, brand) => expect(brandOf(n)).toBe(brand));

  const now = new Date(Date.UTC(2026, 10, 30));
  it.each([
    [11, 2026, true],
    [12, 26, true],
    [10, 2026, false],
    [1, 2027, true],
    [13, 2030, false],
    [0, 2030, false],
    [1, 2099, false],
  ])('expiry %i/%i valid: %p', (m, y, ok) => expect(notExpired(m, y, now)).toBe(ok));

  it('names the field in trouble, never the number', () => {
    const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };
    expect(cardProblem(card, now)).toBeNull();
    expect(cardProblem({ ...card, number: '4242424242424241' }, now)).toBe('number');
    expect(cardProblem({ ...card, number: '6011111111111117' }, now)).toBe('brand');
    expect(cardProblem({ ...card, expYear: 2020 }, now)).toBe('expiry');
    expect(cardProblem({ ...card, cvc: '12' }, now)).toBe('cvc');
  });
});
