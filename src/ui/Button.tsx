import type { ComponentProps } from 'react';
import { cn } from './cn';

const variants = {
  // In the dark theme the palette is mirrored, so a lighter shade is not a fainter one:
  // there a disabled button is a muted grey, or faded.
  primary:
    'bg-indigo-600 text-on-accent hover:bg-indigo-500 disabled:bg-indigo-300 dark:disabled:bg-slate-200 dark:disabled:text-slate-500 focus-visible:outline-indigo-600',
  // A button that opens something (aria-expanded) looks pressed while it is open.
  secondary:
    'bg-surface text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400 dark:disabled:opacity-50 aria-expanded:bg-slate-100 aria-expanded:ring-slate-400',
  ghost: 'text-slate-700 hover:bg-slate-100 disabled:text-slate-400 dark:disabled:opacity-50',
  danger:
    'bg-surface text-red-700 ring-1 ring-inset ring-red-300 hover:bg-red-50 disabled:text-red-300 disabled:ring-red-100 dark:disabled:opacity-50',
} as const;

const sizes = {
  sm: 'px-2.5 py-1 text-sm',
  md: 'px-3.5 py-2 text-sm',
  lg: 'px-5 py-2.5 text-base',
} as const;

export type ButtonProps = ComponentProps<'button'> & {
  variant?: keyof typeof variants;
  size?: keyof typeof sizes;
};

export function Button({
  variant = 'secondary',
  size = 'md',
  className,
  type = 'button',
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      className={cn(
        'inline-flex items-center justify-center gap-1.5 rounded-md font-medium shadow-xs transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed',
        variants[variant],
        sizes[size],
        className,
      )}
      {...props}
    />
  );
}
