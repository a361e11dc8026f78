import { holdsKey } from '../../api/parseAnswer';

/** Checks an address typed for the starting picture: the service downloads it itself. */
export type AddressCheck = { ok: true; url: string } | { ok: false; problem: string };

const STARTS = 'A picture address starts with https:// (or http://).';

/** Longer than any picture's address: the service would not take it either. */
const MAX_ADDRESS = 2048;

/** `apiKey`: an address holding it would hand it to whoever serves the picture. */
export function checkPictureAddress(text: string, apiKey = ''): AddressCheck {
  const typed = text.trim();
  if (!typed) return { ok: false, problem: `Paste the address of a picture first. ${STARTS}` };
  if (typed.length > MAX_ADDRESS) {
    return { ok: false, problem: 'That address is far too long to be a picture’s address.' };
  }
  if (holdsKey(typed, apiKey)) {
    return {
      ok: false,
      problem:
        'That address holds your API key: the picture’s host would get it. Use the picture’s own address, without the key.',
    };
  }
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, problem: `That is not a complete web address. ${STARTS}` };
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') return { ok: true, url: url.href };
  if (url.protocol === 'file:' || url.protocol === 'blob:' || url.protocol === 'data:') {
    return {
      ok: false,
      problem:
        'That address is only on this device, and the service cannot reach it. Choose the picture as a file instead.',
    };
  }
  // "example.com:8080/cat.png" parses with the scheme "example.com:".
  return { ok: false, problem: `That is not a web address. ${STARTS}` };
}
