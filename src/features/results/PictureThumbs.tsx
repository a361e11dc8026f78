import { cn } from '../../ui/cn';
import { PictureImage } from '../pictures';

/** A box as wide as its column and as tall as the picture will be, so nothing moves when it loads. */
export function pictureAspect(width: number, height: number): string {
  // Very long or tall pictures would make unusable tiles: such boxes are clamped.
  const ratio = Math.min(2, Math.max(0.5, width / Math.max(1, height)));
  return `${ratio}`;
}

/** Square cells, two a row; of three pictures the first takes a whole row (no empty cell). */
export function tileShape(index: number, count: number): string {
  return count === 3 && index === 0 ? 'col-span-2 aspect-[2/1]' : 'aspect-square';
}

/** The attribute that marks a picture's opener, so focus can come back to it. */
export const openerAttribute = 'data-picture-opener';
export const openerSelector = (key: string) =>
  `[${openerAttribute}="${key.replace(/["\\]/g, '\\$&')}"]`;

/**
 * The pictures of one generation as small square thumbnails (one, or a mosaic of up to
 * four), so tiles of wide and tall pictures line up in the grid; each opens the viewer,
 * which shows the whole picture. Images load lazily (but the first row) and decode off
 * the main thread; each from its saved copy when there is one (features/pictures).
 */
export function PictureThumbs({
  images,
  alt,
  width,
  height,
  keyOf,
  onOpen,
  onIntent,
  eager = false,
  inert = false,
}: {
  images: string[];
  alt: (index: number) => string;
  width: number;
  height: number;
  /** The key of picture `index` (see `openerSelector`). */
  keyOf: (index: number) => string;
  onOpen: (index: number) => void;
  /** The person is about to open one (hover, focus): a chance to load the viewer. */
  onIntent?: () => void;
  /** At the top of the page: fetched at once rather than when layout finds it near. */
  eager?: boolean;
  /** Shown only to look at (a preview): nothing to open, nothing to focus. */
  inert?: boolean;
}) {
  return (
    <ul
      inert={inert}
      className={cn('grid gap-0.5 bg-slate-100', images.length > 1 ? 'grid-cols-2' : 'grid-cols-1')}
    >
      {images.map((url, i) => (
        <li key={url} className={cn('relative', tileShape(i, images.length))}>
          <button
            type="button"
            {...{ [openerAttribute]: keyOf(i) }}
            onClick={() => onOpen(i)}
            onPointerEnter={onIntent}
            onFocus={onIntent}
            className="absolute inset-0 block cursor-zoom-in focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-indigo-600"
            aria-label={`Open image ${i + 1} full size`}
          >
            <PictureImage
              link={url}
              alt={alt(i)}
              width={width}
              height={height}
              loading={eager ? 'eager' : 'lazy'}
              decoding="async"
              className="size-full object-cover"
            />
          </button>
        </li>
      ))}
    </ul>
  );
}
