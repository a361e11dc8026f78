import {
  type ApiClient,
  createApiClient,
  isSandboxRequestName,
  SANDBOX_REQUEST_HEADER,
  type Transport,
} from '../../api/client';
import type { ConnectionKind, Settings } from './settingsStore';

export const SANDBOX_BASE_URL = 'https://sandbox.modelslab.invalid';

export function modelslabBaseUrl(): string {
  return import.meta.env.VITE_MODELSLAB_BASE_URL || 'https://modelslab.com';
}

const loadSandbox = () => import('../../sandbox/sandboxTransport');

/** Loaded only when the sandbox is used: a person on a real key never downloads it. */
const sandboxTransport: Transport = async (request) => {
  const { sandboxTransport: transport } = await loadSandbox();
  return transport(request);
};

/** Fetches the sandbox after first paint, so the first Generate does not wait for it. */
export function preloadSandbox() {
  setTimeout(() => void loadSandbox().catch(() => undefined), 300);
}

const browserFetch: Transport = (request) => fetch(request);

export function transportFor(kind: ConnectionKind): Transport {
  return kind === 'sandbox' ? sandboxTransport : browserFetch;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export type Connection = { kind: ConnectionKind; baseUrl: string; apiKey: string };

/** The connection the settings describe, or what is missing before it can be used. */
export function resolveConnection(
  settings: Settings,
): { ok: true; connection: Connection } | { ok: false; problem: 'key' | 'url' } {
  const apiKey = settings.apiKey.trim();
  if (settings.connection === 'sandbox') {
    return {
      ok: true,
      connection: { kind: 'sandbox', baseUrl: SANDBOX_BASE_URL, apiKey: apiKey || 'sandbox' },
    };
  }
  if (settings.connection === 'custom' && !isHttpUrl(settings.customUrl.trim())) {
    return { ok: false, problem: 'url' };
  }
  if (!apiKey) return { ok: false, problem: 'key' };
  return {
    ok: true,
    connection: { kind: settings.connection, baseUrl: baseUrlFor(settings), apiKey },
  };
}

/** Where requests go for a connection other than the sandbox. */
export function baseUrlFor(settings: Pick<Settings, 'connection' | 'customUrl'>): string {
  if (settings.connection === 'custom') return settings.customUrl.trim().replace(/\/+$/, '');
  // A same-site proxy forwards this site's /api/* to the API (README: hosting).
  if (settings.connection === 'proxy') return window.location.origin;
  return modelslabBaseUrl();
}

/**
 * `requestName` names a generation's request in the sandbox (its record's id), so a send
 * cut off by a reload can be settled with the simulator (`askSandbox`). Real requests
 * never carry it.
 */
export function clientFor(connection: Connection, requestName?: string): ApiClient {
  const transport: Transport =
    connection.kind === 'sandbox' && requestName && isSandboxRequestName(requestName)
      ? (request) => {
          const named = new Request(request);
          named.headers.set(SANDBOX_REQUEST_HEADER, requestName);
          return sandboxTransport(named);
        }
      : transportFor(connection.kind);
  return createApiClient({ ...connection, transport });
}

/** Whether the sandbox received the request named `requestName`, and its job number. */
export async function askSandbox(
  requestName: string,
): Promise<{ id: string; seed: string; kind?: string } | undefined> {
  const { receivedBySandbox } = await loadSandbox();
  return receivedBySandbox(requestName);
}

/**
 * Whether this tab may send or check a job made for `job`'s address: the key is only
 * ever sent to the API the settings name now, never to an address a stored or imported
 * record carries.
 */
export function canReach(
  job: { connection: ConnectionKind; baseUrl: string },
  settings: Settings,
): 'ok' | 'key' | 'address' {
  if (job.connection === 'sandbox') return 'ok';
  const now = resolveConnection(settings);
  if (!now.ok) return now.problem === 'key' ? 'key' : 'address';
  if (now.connection.kind === 'sandbox' || now.connection.baseUrl !== job.baseUrl) return 'address';
  return 'ok';
}

/** Where new requests go now (the sandbox's address for the sandbox). */
export function currentTarget(settings: Settings): { connection: ConnectionKind; baseUrl: string } {
  return settings.connection === 'sandbox'
    ? { connection: 'sandbox', baseUrl: SANDBOX_BASE_URL }
    : { connection: settings.connection, baseUrl: baseUrlFor(settings) };
}
