import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { Field, inputClass } from '../../ui/Field';
import type * as connection from './connection';
import { type ConnectionKind, QUEUE_LIMIT_MAX, settingsStore, useSettings } from './settingsStore';

const choices: Array<{ kind: ConnectionKind; label: string; hint: string }> = [
  {
    kind: 'modelslab',
    label: 'ModelsLab',
    hint: 'Real pictures, paid with your ModelsLab credits.',
  },
  // The two a newcomer chooses between come first; the other two are for set-ups.
  {
    kind: 'sandbox',
    label: 'Sandbox',
    hint: 'Simulated pictures for trying the app. Free, no key needed.',
  },
  {
    kind: 'proxy',
    label: 'Same site (proxy)',
    hint: 'ModelsLab through this website’s own /api/ forwarding. Use it when your browser blocks direct requests.',
  },
  {
    kind: 'custom',
    label: 'Custom address',
    hint: 'A proxy or another server that speaks the ModelsLab API.',
  },
];

/**
 * The API key and where requests go. `keyStatus` sits right under the key field (the app
 * puts the balance feature's key check there).
 */
export default function SettingsPanel({
  keyStatus,
  focusKey,
  apiKeysHref,
  baseUrlFor,
  isHttpUrl,
}: {
  keyStatus?: ReactNode;
  /** Given by the drawer, so this chunk takes nothing else out of the first load. */
  apiKeysHref: string;
  baseUrlFor: typeof connection.baseUrlFor;
  isHttpUrl: typeof connection.isHttpUrl;
  /** Puts the focus in the key field as it first shows ("Paste your API key"). */
  focusKey?: boolean;
}) {
  const keyField = useRef<HTMLInputElement>(null);
  // The drawer may open before this code is here: the field takes the focus when it is.
  const focusOnce = useRef(focusKey);
  useEffect(() => {
    if (focusOnce.current) keyField.current?.focus();
    focusOnce.current = false;
  }, []);
  const settings = useSettings();
  const [showKey, setShowKey] = useState(false);
  const customInvalid = settings.connection === 'custom' && !isHttpUrl(settings.customUrl.trim());

  return (
    <section
      aria-labelledby="settings-heading"
      className="flex flex-col gap-4 rounded-xl bg-surface p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="settings-heading" className="text-base font-semibold text-slate-900">
        Connection
      </h2>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Send requests to</legend>
        {choices.map((choice) => (
          <div key={choice.kind} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              id={`connection-${choice.kind}`}
              name="connection"
              value={choice.kind}
              checked={settings.connection === choice.kind}
              onChange={() => settingsStore.update({ connection: choice.kind })}
              aria-describedby={`connection-${choice.kind}-hint`}
              className="mt-0.5"
            />
            <div>
              <label htmlFor={`connection-${choice.kind}`} className="font-medium text-slate-900">
                {choice.label}
              </label>
              <p id={`connection-${choice.kind}-hint`} className="text-xs text-slate-500">
                {choice.kind === 'modelslab' || choice.kind === 'proxy'
                  ? `${choice.hint} (${baseUrlFor({ connection: choice.kind, customUrl: '' })})`
                  : choice.hint}
              </p>
            </div>
          </div>
        ))}
      </fieldset>

      {settings.connection === 'custom' ? (
        <Field
          label="API address"
          hint="For example https://my-proxy.example.com — requests go to this address followed by /api/v6/…"
          error={
            customInvalid && settings.customUrl
              ? 'Enter an address starting with http:// or https://'
              : undefined
          }
        >
          {(control) => (
            <input
              {...control}
              type="url"
              className={inputClass}
              placeholder="https://"
              value={settings.customUrl}
              onChange={(event) => settingsStore.update({ customUrl: event.target.value })}
            />
          )}
        </Field>
      ) : null}

      <Field
        id="api-key"
        label="API key"
        hint={
          <>
            Find it on{' '}
            <a href={apiKeysHref} target="_blank" rel="noreferrer" className="underline">
              your ModelsLab API keys page
            </a>
            . It is sent only to the address above, and kept in this tab
            {settings.rememberKey ? ' and on this device' : ' until you close it'}.
          </>
        }
      >
        {(control) => (
          <div className="flex gap-2">
            <input
              {...control}
              ref={keyField}
              type={showKey ? 'text' : 'password'}
              autoComplete="off"
              spellCheck={false}
              className={inputClass}
              placeholder={
                settings.connection === 'sandbox'
                  ? 'Not needed for the sandbox'
                  : 'Paste your key here'
              }
              value={settings.apiKey}
              onChange={(event) => settingsStore.update({ apiKey: event.target.value })}
            />
            <Button size="sm" onClick={() => setShowKey((shown) => !shown)} aria-pressed={showKey}>
              {showKey ? 'Hide' : 'Show'}
            </Button>
          </div>
        )}
      </Field>
      {keyStatus}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={settings.rememberKey}
            onChange={(event) => settingsStore.update({ rememberKey: event.target.checked })}
          />
          Remember on this device
        </label>
        <Button
          size="sm"
          variant="danger"
          onClick={() => settingsStore.forgetKey()}
          disabled={!settings.apiKey}
        >
          Forget key
        </Button>
      </div>

      <Field
        label="Requests at once"
        hint="Your plan's queue limit: 5 on pay-as-you-go, 10 on Standard, 15 on Unlimited Premium. More requests wait here for a free slot instead of being refused."
      >
        {(control) => (
          <select
            {...control}
            className={inputClass}
            value={settings.queueLimit}
            onChange={(event) => settingsStore.update({ queueLimit: Number(event.target.value) })}
          >
            {Array.from({ length: QUEUE_LIMIT_MAX }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        )}
      </Field>
    </section>
  );
}
