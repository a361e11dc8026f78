import { useEffect, useState } from 'react';

/**
 * Whether this tab is the one that polls a job. With Web Locks, the first tab to ask
 * holds the job's lock while it polls; the others wait in line and take over if that
 * tab closes, and meanwhile see its updates over the job store's BroadcastChannel.
 * Without Web Locks (plain http), every tab polls.
 */
export function usePollLeadership(localId: string, active: boolean): boolean {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const [leader, setLeader] = useState(!locks);

  useEffect(() => {
    if (!locks || !active) return;
    const controller = new AbortController();
    let release: () => void = () => undefined;
    locks
      .request(`modelslab-studio:poll:${localId}`, { signal: controller.signal }, () => {
        setLeader(true);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      release();
      setLeader(false);
    };
  }, [locks, localId, active]);

  return leader;
}
