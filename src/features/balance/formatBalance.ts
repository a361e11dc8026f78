import type { Balance } from '../../api/balance';

const decimals = { minimumFractionDigits: 2, maximumFractionDigits: 2 };

/**
 * "43.60 USD" in the person's number format. The sandbox's is never money: a plain number
 * (the caller says "simulated").
 */
export function formatBalance({ amount, currency }: Balance, simulated = false): string {
  if (simulated || !currency) return new Intl.NumberFormat(undefined, decimals).format(amount);
  const parts = new Intl.NumberFormat(undefined, {
    ...decimals,
    style: 'currency',
    currency,
    currencyDisplay: 'code',
  }).formatToParts(amount);
  // The code goes after the number in every locale, so the words around it read the same.
  const number = parts
    .filter((part) => part.type !== 'currency')
    .map((part) => part.value)
    .join('')
    .trim();
  return `${number} ${currency}`;
}
