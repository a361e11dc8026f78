/**
 * A picture held in the page (a `data:` URL, as the sandbox makes them) as a file, so it
 * is prepared and uploaded like one a person chose. Decoded here: the page's security
 * policy lets it fetch only web addresses.
 */
export function pictureFile(dataUrl: string): File {
  const [head = '', data = ''] = dataUrl.split(',', 2);
  const type = /^data:(image\/[\w.+-]+)/i.exec(head)?.[1] ?? 'image/png';
  const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  return new File([bytes], `picture.${type.split('/')[1] ?? 'png'}`, { type });
}
