import type { Balance } from '../../api/balance';

/**
 * "43.60 USD": the amount as the person's locale writes that currency, with two decimals
 * and the code after it (so the words around it read the same everywhere). The sandbox's
 * is never money: a plain number (the caller says "simulated").
 */
export function formatBalance({ amount, currency }: Balance, simulated = false): string {
  const code = simulated ? '' : currency;
  const number = new Intl.NumberFormat(undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    ...(code ? { style: 'currency', currency: code, currencyDisplay: 'code' } : {}),
  })
    .formatToParts(amount)
    // The currency and the space beside it: the code is written after the number.
    .filter((part) => part.type !== 'currency' && part.type !== 'literal')
    .map((part) => part.value)
    .join('')
    .trim();
  return code ? `${number} ${code}` : number;
}
