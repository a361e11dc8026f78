/**
 * The app's other open tabs, known one way: named locks. Each tab holds a lock named for
 * itself while it is open, and the tab that checks on a job holds that job's lock. So
 * "is tab X still open?" is "is X's lock held?", and a tab learns that X went away
 * (closed, reloaded, crashed) the moment X's lock comes free. docs/architecture.md
 * ("Other tabs") tells the whole design.
 *
 * Web Locks do this in the browser, and free a closed tab's locks by themselves. Where
 * they are missing (plain-http hosts, which are not secure contexts) a lease in
 * localStorage does the same: renewed every RENEW_MS while held, run out LEASE_MS after
 * its tab stopped renewing it.
 */

export function newId(): string {
  // crypto.randomUUID exists only in secure contexts; plain-http hosts need the fallback.
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** This page's identity among the app's open tabs (a reload is a new tab). */
export const tabId = newId();

/**
 * When this page opened: read with the page's first script, not by code loaded later
 * (the tiles load after the first script, maybe after a failure they must call new).
 */
export const pageOpenedAt = Date.now();

/** A held lock: give it back with `release`; `lost` aborts if a lease was taken over. */
export type HeldLock = { release: () => void; lost: AbortSignal };

const PREFIX = 'modelslab-studio:';
export const LEASE_MS = 6000;
export const RENEW_MS = 2000;

function webLocks(): LockManager | undefined {
  return typeof navigator !== 'undefined' ? navigator.locks : undefined;
}

/**
 * Waits until this tab holds the lock `name`, and keeps it until released. Resolves to
 * undefined when `signal` aborts first.
 */
export function holdLock(name: string, signal: AbortSignal): Promise<HeldLock | undefined> {
  const locks = webLocks();
  if (!locks) return holdLease(name, signal);
  return new Promise((resolve) => {
    locks
      .request(PREFIX + name, { signal }, () => {
        const lost = new AbortController();
        return new Promise<void>((release) => {
          const held = { release: () => release(), lost: lost.signal };
          if (signal.aborted) held.release();
          resolve(signal.aborted ? undefined : held);
        });
      })
      .catch(() => resolve(undefined));
  });
}

/** Calls `then` once no open tab holds the lock `name` (at once if none does). */
export function whenFree(name: string, then: () => void, signal: AbortSignal): void {
  const locks = webLocks();
  if (!locks) {
    watchLease(name, then, signal);
    return;
  }
  locks
    .request(PREFIX + name, { signal }, () => {
      then();
    })
    .catch(() => undefined);
}

/** Held by this tab from boot until the page goes away: other tabs watch it. */
export function announceThisTab(signal: AbortSignal): void {
  void holdLock(tabLockName(tabId), signal).then((held) => {
    signal.addEventListener('abort', () => held?.release(), { once: true });
  });
}

/** Calls `then` when the tab `id` is (or already was) gone. */
export function whenTabCloses(id: string, then: () => void, signal: AbortSignal): void {
  whenFree(tabLockName(id), then, signal);
}

const tabLockName = (id: string) => `tab:${id}`;

// ---- The lease, where Web Locks are missing ----

type Lease = { tabId: string; until: number };

export function leaseKey(name: string): string {
  return `modelslab-studio.lease:${name}`;
}

function readLease(name: string): Lease | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(leaseKey(name)) ?? 'null');
    if (value && typeof value === 'object' && 'tabId' in value && 'until' in value) {
      const { tabId: holder, until } = value as Record<string, unknown>;
      if (typeof holder === 'string' && typeof until === 'number') return { tabId: holder, until };
    }
  } catch {
    // unreadable: as good as none
  }
  return undefined;
}

/** Free when none is held, it ran out, or it claims more than a lease ever lasts (junk). */
const isFree = (lease: Lease | undefined) =>
  !lease || lease.until < Date.now() || lease.until > Date.now() + LEASE_MS;

function writeLease(name: string) {
  try {
    localStorage.setItem(leaseKey(name), JSON.stringify({ tabId, until: Date.now() + LEASE_MS }));
  } catch {
    // Storage blocked: this tab carries on as the only one it can know of.
  }
}

function removeLease(name: string) {
  try {
    if (readLease(name)?.tabId === tabId) localStorage.removeItem(leaseKey(name));
  } catch {
    // nothing to give back
  }
}

/**
 * Two tabs can find a lease free at the same moment and both write it; the last write
 * wins. So a tab that takes a lease it did not hold a moment ago looks again after
 * CONFIRM_MS, and holds it only if its own write is still there.
 */
export const CONFIRM_MS = 300;
/** The leases this tab held and gave back: taking one again needs no second look. */
const givenBack = new Set<string>();

function holdLease(name: string, signal: AbortSignal): Promise<HeldLock | undefined> {
  return new Promise((resolve) => {
    const lost = new AbortController();
    let held = false;
    let confirming: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearInterval(timer);
      clearTimeout(confirming);
      signal.removeEventListener('abort', onAbort);
      if (held) {
        removeLease(name);
        givenBack.add(name);
      }
    };
    const onAbort = () => {
      stop();
      if (!held) resolve(undefined);
    };
    const take = () => {
      held = true;
      resolve({ release: stop, lost: lost.signal });
    };
    const tick = () => {
      const lease = readLease(name);
      const ours = lease?.tabId === tabId;
      if (held) {
        if (ours || isFree(lease)) {
          writeLease(name);
        } else {
          // Another tab's write won after all: it checks now, not this one.
          held = false;
          stop();
          lost.abort();
        }
        return;
      }
      if (confirming !== undefined || !(ours || isFree(lease))) return;
      writeLease(name);
      if (ours || (givenBack.has(name) && !lease)) {
        take();
        return;
      }
      confirming = setTimeout(() => {
        confirming = undefined;
        if (readLease(name)?.tabId !== tabId) return;
        writeLease(name);
        take();
      }, CONFIRM_MS);
    };
    const timer = setInterval(tick, RENEW_MS);
    signal.addEventListener('abort', onAbort, { once: true });
    tick();
  });
}

function watchLease(name: string, then: () => void, signal: AbortSignal): void {
  const check = () => {
    const lease = readLease(name);
    if (lease?.tabId !== tabId && !isFree(lease)) return false;
    clearInterval(timer);
    then();
    return true;
  };
  const timer = setInterval(check, RENEW_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  check();
}
