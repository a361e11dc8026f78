// Lighthouse's mobile run (simulated slow 4G and a slower phone CPU: its defaults) against
// a page the bench serves on loopback, a few times, with the median of each figure.
// Used by scripts/bench.mjs; Chromium is the system's (CHROMIUM_PATH), started headless.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

/** The figures the bench reports, in Lighthouse's own units (score 0–1, times in ms). */
const AUDITS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Runs Lighthouse `runs` times on `url` (performance only, mobile, simulated throttling),
 * each in a fresh Chromium, and answers every run's figures and their medians.
 */
export async function lighthouseRuns(url, runs = 3) {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const chrome = await chromeLauncher.launch({
      chromePath: chromiumPath,
      chromeFlags: chromiumArgs,
      logLevel: 'silent',
    });
    try {
      const outcome = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      const lhr = outcome?.lhr;
      if (!lhr) throw new Error('Lighthouse gave no result');
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
      const run = { score: lhr.categories.performance.score ?? 0 };
      for (const [name, id] of Object.entries(AUDITS)) run[name] = lhr.audits[id]?.numericValue;
      results.push(run);
    } finally {
      await chrome.kill();
    }
  }
  const medians = {};
  for (const name of ['score', ...Object.keys(AUDITS)]) {
    medians[name] = median(results.map((run) => run[name]));
  }
  return { runs: results, median: medians };
}
