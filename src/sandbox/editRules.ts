/**
 * What the simulated service refuses in pictures, shared by the sandbox and its picture
 * functions (browser canvas ones and address-only ones).
 */

/**
 * A picture the simulated service cannot use: one it cannot download or read, or a mask
 * that does not fit its picture. The sandbox answers it as the service does, HTTP 400
 * with this message, whichever picture function threw it.
 */
export class PictureRefused extends Error {
  override name = 'PictureRefused';
}

/** The service's documented wording for a starting picture it cannot download. */
export const UNABLE_TO_FETCH = 'Unable to fetch image from provided URL';

/** Our wording (the contract documents none) for a mask that does not fit its picture. */
export const MASK_SIZE_MISMATCH = 'mask_image must be the same size as init_image';

/** Enlarged pictures stop at this many pixels on their longer side, to spare memory. */
export const MAX_ENLARGED_SIDE = 4096;
