import { expect, test } from 'vitest';
import { formatBalance } from './formatBalance';

test('a balance reads as two decimals and its currency code, after the number', () => {
  expect(formatBalance({ amount: 43.6, currency: 'USD' })).toBe('43.60 USD');
  expect(formatBalance({ amount: 1234.5, currency: 'EUR' })).toBe('1,234.50 EUR');
  expect(formatBalance({ amount: 0, currency: 'USD' })).toBe('0.00 USD');
});

test('without a currency, or in the sandbox, it is a plain number', () => {
  expect(formatBalance({ amount: 7, currency: '' })).toBe('7.00');
  expect(formatBalance({ amount: 43.6, currency: 'USD' }, true)).toBe('43.60');
});

test('a negative balance has its minus sign against the number', () => {
  expect(formatBalance({ amount: -5, currency: 'USD' })).toBe('-5.00 USD');
});
