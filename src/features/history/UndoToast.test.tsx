import { act, render, screen } from '@testing-library/react';
import { beforeEach, expect, test, vi } from 'vitest';
import { UNDO_MS, UndoToast } from './UndoToast';

beforeEach(() => {
  vi.useFakeTimers();
});

test('"Deleted · Undo" goes by itself after a few seconds, not while the person is on it', () => {
  const onExpire = vi.fn();
  const onUndo = vi.fn();
  render(<UndoToast prompt="a red fox in the snow" onUndo={onUndo} onExpire={onExpire} />);
  expect(screen.getByRole('status')).toHaveTextContent('Deleted “a red fox in the snow”');

  act(() => vi.advanceTimersByTime(UNDO_MS - 1));
  expect(onExpire).not.toHaveBeenCalled();
  // Focus on it (a keyboard user tabbing to Undo) holds it.
  act(() => screen.getByRole('button', { name: 'Undo' }).focus());
  act(() => vi.advanceTimersByTime(60_000));
  expect(onExpire).not.toHaveBeenCalled();
  act(() => screen.getByRole('button', { name: 'Undo' }).click());
  expect(onUndo).toHaveBeenCalledOnce();

  act(() => screen.getByRole('button', { name: 'Undo' }).blur());
  act(() => vi.advanceTimersByTime(UNDO_MS));
  expect(onExpire).toHaveBeenCalledOnce();
});
