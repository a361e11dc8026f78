import type { Transport } from '../api/client';
import { drawPicture } from './drawPicture';
import { createSandbox, type Sandbox } from './handlers';
import { scenarioStore } from './scenarios';
import { storedQueue } from './storedQueue';

/**
 * Answers each request in-process by calling the sandbox directly: no service worker, so
 * it also works on plain http (a LAN address), after a hard reload and on the first visit.
 */
export function createSandboxTransport(
  sandbox: Sandbox = createSandbox({
    render: drawPicture,
    latencyMs: 700,
    scripted: scenarioStore.take,
    queue: storedQueue,
  }),
): Transport {
  return async (request) => {
    const signal = request.signal;
    if (signal.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
    const answer = sandbox(request).then((response) => {
      // Like the browser's fetch: a network error rejects instead of answering.
      if (response.type === 'error') throw new TypeError('Failed to fetch');
      return response;
    });
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      signal.addEventListener('abort', onAbort, { once: true });
      answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}

export const sandboxTransport: Transport = createSandboxTransport();

/**
 * The sandbox's own record of a request the app named (SANDBOX_REQUEST_HEADER): its job
 * number if the simulator received it, or `undefined` if it never arrived.
 */
export function receivedBySandbox(request: string): { id: string; seed: string } | undefined {
  const job = storedQueue.received(request);
  return job ? { id: String(job.id), seed: String(job.params.seed) } : undefined;
}
