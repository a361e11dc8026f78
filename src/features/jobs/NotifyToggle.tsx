import { useState, useSyncExternalStore } from 'react';
import {
  canNotify,
  turnNotificationsOff,
  turnNotificationsOn,
  useNotifyWanted,
} from './notifications';

const subscribeNever = () => () => {};

/** "Notify me when pictures are ready": only where the browser can (secure pages). */
export function NotifyToggle() {
  const wanted = useNotifyWanted();
  const [refused, setRefused] = useState(false);
  // The prerendered page has it (most pages are secure): hydration starts from there.
  const able = useSyncExternalStore(subscribeNever, canNotify, () => true);
  if (!able) return null;
  return (
    <div className="flex flex-col gap-1">
      <label className="flex items-center gap-2 text-xs text-slate-700">
        <input
          type="checkbox"
          className="size-4 accent-indigo-600"
          checked={wanted}
          onChange={async (event) => {
            if (!event.target.checked) {
              turnNotificationsOff();
              return;
            }
            setRefused(!(await turnNotificationsOn()));
          }}
        />
        Notify me when pictures are ready
      </label>
      {refused ? (
        <p role="status" className="text-xs text-amber-800">
          Your browser blocks notifications from this page. Allow them in the site settings (the
          icon left of the address), then turn this on again.
        </p>
      ) : null}
    </div>
  );
}
