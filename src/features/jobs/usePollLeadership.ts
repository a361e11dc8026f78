import { useEffect, useState } from 'react';
import { tabId } from './jobStore';

/**
 * Whether this tab is the one that polls a job, so two open tabs never poll it twice.
 * With Web Locks, the first tab to ask holds the job's lock while it polls; the others
 * wait in line and take over if that tab closes. Plain-http hosts have no Web Locks:
 * there a lease in localStorage, renewed while polling, does the same job. Either way the
 * other tabs see the poller's updates over the job store's BroadcastChannel.
 */
export function usePollLeadership(localId: string, active: boolean): boolean {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const [leader, setLeader] = useState(false);

  useEffect(() => {
    if (!active) return;
    if (!locks) return holdLease(localId, setLeader);
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

/** A lease lasts this long unless renewed; a closed tab's lease simply runs out. */
export const LEASE_MS = 6000;
const RENEW_MS = 2000;

type Lease = { tabId: string; until: number };

function readLease(name: string): Lease | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(name) ?? 'null');
    if (value && typeof value === 'object' && 'tabId' in value && 'until' in value) {
      const { tabId: holder, until } = value as Record<string, unknown>;
      if (typeof holder === 'string' && typeof until === 'number') return { tabId: holder, until };
    }
  } catch {
    // unreadable: as good as none
  }
  return undefined;
}

export function leaseName(localId: string): string {
  return `modelslab-studio.poll-lease:${localId}`;
}

/** Takes (or keeps) the lease while it is free or ours; steps down while another tab's runs. */
function holdLease(localId: string, setLeader: (leader: boolean) => void): () => void {
  const name = leaseName(localId);
  const tick = () => {
    const lease = readLease(name);
    const mine = !lease || lease.tabId === tabId || lease.until < Date.now();
    if (mine) {
      try {
        localStorage.setItem(name, JSON.stringify({ tabId, until: Date.now() + LEASE_MS }));
      } catch {
        // Storage blocked: poll anyway, as the only way to get the pictures.
      }
    }
    setLeader(mine);
  };
  tick();
  const timer = setInterval(tick, RENEW_MS);
  return () => {
    clearInterval(timer);
    setLeader(false);
    try {
      if (readLease(name)?.tabId === tabId) localStorage.removeItem(name);
    } catch {
      // nothing to give back
    }
  };
}
