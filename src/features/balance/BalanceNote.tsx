import type { ConnectionKind } from '../settings';
import { formatBalance } from './formatBalance';
import { useBalance } from './useBalance';

/**
 * The balance in a "no credits" banner, when it is known for the address the job went
 * to (a sandbox job's banner never shows real money, nor a real job's the sandbox's).
 */
export function BalanceNote({
  target,
}: {
  target: { connection: ConnectionKind; baseUrl: string };
}) {
  const { kind, baseUrl, state } = useBalance();
  if (!state?.data || kind !== target.connection || baseUrl !== target.baseUrl) return null;
  return (
    <p className="mt-2 font-medium">
      {kind === 'sandbox'
        ? `Sandbox balance: ${formatBalance(state.data, true)} (simulated)`
        : `Your balance: ${formatBalance(state.data)}`}
    </p>
  );
}
