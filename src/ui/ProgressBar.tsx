/**
 * A determinate bar when `percent` is known, an indeterminate one otherwise. Whole
 * percents, rounded down like every other place that shows one (never 100 too early).
 */
export function ProgressBar({
  percent,
  label,
  valueText,
}: {
  percent?: number;
  label: string;
  valueText: string;
}) {
  const value = percent === undefined ? undefined : Math.max(0, Math.min(100, Math.floor(percent)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={valueText}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div
        className={
          value === undefined
            ? 'h-full w-1/3 animate-pulse rounded-full bg-indigo-500'
            : 'h-full rounded-full bg-indigo-500 transition-[width] duration-1000 ease-linear'
        }
        style={value === undefined ? undefined : { width: `${value}%` }}
      />
    </div>
  );
}
