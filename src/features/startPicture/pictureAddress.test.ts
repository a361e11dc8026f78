import { expect, test } from 'vitest';
import { checkPictureAddress } from './pictureAddress';

test('web addresses are taken, trimmed and written the standard way', () => {
  expect(checkPictureAddress(' https://example.com/a cat.png ')).toEqual({
    ok: true,
    url: 'https://example.com/a%20cat.png',
  });
  expect(checkPictureAddress('HTTP://Example.com/cat.png')).toEqual({
    ok: true,
    url: 'http://example.com/cat.png',
  });
});

test.each([
  [
    '',
    'Paste the address of a picture first. A picture address starts with https:// (or http://).',
  ],
  [
    '   ',
    'Paste the address of a picture first. A picture address starts with https:// (or http://).',
  ],
  [
    'example.com/cat.png',
    'That is not a complete web address. A picture address starts with https:// (or http://).',
  ],
  [
    'https://',
    'That is not a complete web address. A picture address starts with https:// (or http://).',
  ],
  [
    'example.com:8080/cat.png',
    'That is not a web address. A picture address starts with https:// (or http://).',
  ],
  [
    'ftp://example.com/cat.png',
    'That is not a web address. A picture address starts with https:// (or http://).',
  ],
  [
    'javascript:alert(1)',
    'That is not a web address. A picture address starts with https:// (or http://).',
  ],
  [
    'file:///C:/Users/me/cat.png',
    'That address is only on this device, and the service cannot reach it. Choose the picture as a file instead.',
  ],
  [
    'data:image/png;base64,iVBORw0KGgo=',
    'That address is only on this device, and the service cannot reach it. Choose the picture as a file instead.',
  ],
  [
    'blob:https://studio.example/1234',
    'That address is only on this device, and the service cannot reach it. Choose the picture as a file instead.',
  ],
])('%j is refused: %s', (typed, problem) => {
  expect(checkPictureAddress(typed)).toEqual({ ok: false, problem });
});

test('an address holding the API key, in any spelling, is refused: its host would get the key', () => {
  const key = 'sk-Secret-Key-0123456789';
  for (const address of [
    `https://pictures.example/a.png?k=${key}`,
    `https://pictures.example/a.png?k=${encodeURIComponent(key).toUpperCase()}`,
    `https://pictures.example/${key.toLowerCase()}/a.png`,
  ]) {
    const checked = checkPictureAddress(address, key);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.problem).toMatch(/holds your API key/);
  }
  expect(checkPictureAddress('https://pictures.example/a.png', key).ok).toBe(true);
});

test('an address longer than any picture’s is refused', () => {
  const checked = checkPictureAddress(`https://pictures.example/${'a'.repeat(3000)}.png`);
  expect(checked.ok).toBe(false);
});
