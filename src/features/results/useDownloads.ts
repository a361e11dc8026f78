import { useState } from 'react';
import { DOWNLOAD_TIMEOUT_MS, type DownloadOutcome } from './download';

/** What a person is told while pictures download, and when a picture host did not answer. */
export function useDownloads() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const run = async (task: () => Promise<DownloadOutcome[]>) => {
    setBusy(true);
    setNotice('');
    const outcomes = await task();
    setBusy(false);
    const late = outcomes.filter((outcome) => outcome === 'timed-out').length;
    if (late === 0) return;
    const seconds = DOWNLOAD_TIMEOUT_MS / 1000;
    setNotice(
      outcomes.length === 1
        ? `The picture's host did not send it within ${seconds} seconds, so the download was stopped. Try again in a moment.`
        : `${late} of ${outcomes.length} pictures did not arrive within ${seconds} seconds, so those downloads were stopped. Try again in a moment.`,
    );
  };
  const status = busy ? 'Downloading…' : notice;
  return { busy, status, run };
}
