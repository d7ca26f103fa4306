import path from 'node:path';
import { expect, it } from 'vitest';
import { runLoad } from './support/load';

// The short version of `npm run bench -- load`: searches keep working, without errors, while an
// import runs. Latency targets are checked by the benchmark (this machine is shared with other tests).
it('answers every search, without errors, while an import runs', async () => {
  const figures = await runLoad({
    files: 300,
    seconds: 8,
    searchesPerSecond: 20,
    distDir: path.resolve('dist'),
  });
  console.log(`short load: ${JSON.stringify(figures)}`);
  expect(figures.searches).toBeGreaterThanOrEqual(150);
  expect(figures.errors, figures.errorSamples.join('\n')).toBe(0);
  expect(figures.imported).toBe(300);
  expect(figures.importFailed).toBe(0);
  expect(figures.importedDuringSearches).toBeGreaterThan(0);
});
