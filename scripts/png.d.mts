export declare function encodePng(
  width: number,
  height: number,
  pixels: Uint8Array,
  options?: { alpha?: boolean },
): Buffer;
