import type { Transport } from '../api/client';
import { enlarge, keepUpload, repaint, vary } from './drawEdits';
import { drawPicture } from './drawPicture';
import { createSandbox, type Sandbox, type SandboxJobKind } from './handlers';
import { scenarioStore } from './scenarios';
import { storedOutputs } from './storedOutputs';
import { storedQueue, storedWallet } from './storedQueue';

/**
 * Answers each request in-process by calling the sandbox directly: no service worker, so
 * it also works on plain http (a LAN address), after a hard reload and on the first visit.
 */
export function createSandboxTransport(
  sandbox: Sandbox = createSandbox({
    render: drawPicture,
    keepUpload,
    vary,
    repaint,
    enlarge,
    latencyMs: 700,
    scripted: scenarioStore.take,
    queue: storedQueue,
    outputs: storedOutputs,
    wallet: storedWallet,
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
 * number, seed ('' for an enlargement) and kind if the simulator received it, or
 * `undefined` if it never arrived.
 */
export function receivedBySandbox(
  request: string,
): { id: string; seed: string; kind: SandboxJobKind } | undefined {
  const job = storedQueue.received(request);
  if (!job) return undefined;
  const seed = 'seed' in job.params ? String(job.params.seed) : '';
  return { id: String(job.id), seed, kind: job.kind ?? 'text2img' };
}
