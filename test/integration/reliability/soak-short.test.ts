import path from 'node:path';
import { expect, it } from 'vitest';
import { runSoak } from './support/soak';

// The short version of `npm run bench -- soak`: a few import / search / delete cycles. The memory
// slope needs the long run (20 s of RSS is noise); handles, the blob store and the database must
// come back already.
it('returns to its baseline of handles, stored files and database size', async () => {
  const figures = await runSoak({
    durationMs: 20_000,
    filesPerCycle: 150,
    distDir: path.resolve('dist'),
  });
  console.log(`short soak: ${JSON.stringify({ ...figures, errors: figures.errors.slice(0, 3) })}`);
  expect(figures.errors).toEqual([]);
  expect(figures.cycles.length).toBeGreaterThanOrEqual(3);
  for (const cycle of figures.cycles) expect(cycle.deleted).toBe(cycle.imported);
  expect(figures.fdMaxDeviation).toBeLessThanOrEqual(2);
  for (const cycle of figures.cycles) expect(cycle.blobBytes).toBe(0);
  expect(figures.blobBytesLeft).toBe(0);
  expect(figures.dbFinalBytes).toBeLessThanOrEqual(figures.dbBaselineBytes);
});
