/**
 * The balance feature: what the key has left (in the header, refreshed after each job),
 * whether a pasted key works, and the balance in a "no credits" banner.
 */
export { BalanceNote } from './BalanceNote';
export { BalanceStatus } from './BalanceStatus';
export { balanceQueries } from './balanceQueries';
export { KeyCheck } from './KeyCheck';
export { refreshBalance, useBalance } from './useBalance';
