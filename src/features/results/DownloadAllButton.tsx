import { Button } from '../../ui/Button';
import { downloadAll } from './download';
import { useDownloads } from './useDownloads';

/** Saves every picture of a generation, and says so when a picture host does not answer. */
export function DownloadAllButton({
  images,
  prompt,
  seed,
}: {
  images: string[];
  prompt: string;
  seed?: string;
}) {
  const { busy, status, run } = useDownloads();
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        disabled={busy}
        onClick={() => void run(() => downloadAll(images, prompt, seed))}
      >
        Download all
      </Button>
      <span role="status" className="basis-full text-xs text-slate-700 empty:hidden">
        {status}
      </span>
    </>
  );
}
