import { type ComponentProps, useState } from 'react';
import { cn } from '../../ui/cn';
import { usePictureSource } from './usePictureSource';

/** Said in place of a picture whose link no longer answers and that has no saved copy. */
export const LINK_GONE_WORDS =
  "This picture's link has expired, and no copy was saved in this browser.";

/**
 * A picture made by the service, from its saved copy when there is one, else from its
 * link. While storage is asked nothing is shown (the box around it holds the place); a
 * copy the browser cannot show (kept by an older version, say) gives way to the link; a
 * link that fails, with no copy to show, shows `LINK_GONE_WORDS` instead of a broken image.
 */
export function PictureImage({
  link,
  alt,
  className,
  ...props
}: Omit<ComponentProps<'img'>, 'src' | 'alt'> & { link: string; alt: string }) {
  const source = usePictureSource(link);
  // The sources that failed to show: a copy first, then perhaps the link.
  const [failed, setFailed] = useState<readonly string[]>([]);
  if (source.from === 'reading') return null;
  const src = source.from === 'saved' && failed.includes(source.src) ? link : source.src;
  if (failed.includes(src)) {
    return (
      <span
        className={cn(
          'flex items-center justify-center bg-slate-100 p-2 text-center text-xs text-slate-600',
          className,
        )}
      >
        {LINK_GONE_WORDS}
      </span>
    );
  }
  return (
    <img
      {...props}
      src={src}
      alt={alt}
      className={className}
      onError={() => setFailed((before) => [...before, src])}
    />
  );
}
