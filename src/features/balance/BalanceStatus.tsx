import { isApiError } from '../../api/ApiError';
import { Button } from '../../ui/Button';
import { cn } from '../../ui/cn';
import { openConnection } from '../settings';
import { formatBalance } from './formatBalance';
import { useBalance, useRefreshAfter } from './useBalance';

/**
 * The header's balance: "Balance 43.60 USD" with a refresh button, "Checking…", or "Key
 * refused" (which opens the key field). The sandbox's is labelled simulated and is never
 * shown as money. On phones the words before the number are left to screen readers.
 * `lastFinishedAt`: when a job last finished; the balance is asked for again after it.
 */
export function BalanceStatus({ lastFinishedAt }: { lastFinishedAt?: number }) {
  const { kind, query } = useBalance();
  useRefreshAfter(lastFinishedAt);
  if (!kind) return null;
  const simulated = kind === 'sandbox';
  const refresh = (
    <Button
      size="sm"
      variant="ghost"
      className="px-1.5"
      aria-label="Refresh balance"
      onClick={() => void query.refetch()}
    >
      <span aria-hidden="true" className={cn('inline-block', query.isFetching && 'animate-spin')}>
        ↻
      </span>
    </Button>
  );
  if (query.data) {
    return (
      <div className="flex items-center text-sm whitespace-nowrap text-slate-700">
        <p>
          <span className="max-sm:sr-only">{simulated ? 'Sandbox balance ' : 'Balance '}</span>
          {formatBalance(query.data, simulated)}
          {simulated ? ' (simulated)' : null}
        </p>
        {refresh}
      </div>
    );
  }
  if (query.error) {
    return isApiError(query.error) && query.error.kind === 'key' ? (
      <Button
        size="sm"
        variant="ghost"
        className="whitespace-nowrap text-amber-800"
        onClick={() => openConnection({ focus: 'api-key' })}
      >
        <span aria-hidden="true">⚠</span>
        {simulated ? 'Key refused (simulated)' : 'Key refused'}
      </Button>
    ) : (
      <div className="flex items-center text-sm whitespace-nowrap text-slate-500">
        <p>Balance unknown</p>
        {refresh}
      </div>
    );
  }
  return <p className="text-sm whitespace-nowrap text-slate-500">Checking…</p>;
}
