import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from '../../../fixtures/seeded-random';

/** Words the generated files are made of, and the searches draw from. */
export const VOCABULARY = (
  'river mountain forest lantern harbor meadow signal archive compass orchard glacier canyon beacon ' +
  'quarry thicket summit lagoon prairie tundra delta estuary ridge valley plateau marsh grove cliff ' +
  'falcon heron otter badger lynx marten plover curlew osprey kestrel bittern dunlin avocet ' +
  'copper silver cobalt nickel quartz basalt granite marble slate flint amber jasper onyx'
).split(' ');


/**
 * Writes `count` small text files (about `bytes` each, 500 a folder) under `dir`; every file holds a
 * unique marker `<tag>doc<i>x` and words from VOCABULARY. Deterministic for a given `seed`.
 */
export async function writeTextCorpus(
  dir: string,
  count: number,
  options: { tag?: string; bytes?: number; seed?: number } = {},
): Promise<string[]> {
  const random = seededRandom(options.seed ?? 1);
  const tag = options.tag ?? 'corpus';
  const bytes = options.bytes ?? 1500;
  const files: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const folder = path.join(dir, `part-${start / 500}`);
    await mkdir(folder, { recursive: true });
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const words: string[] = [`${tag}doc${i}x`];
      let length = 0;
      while (length < bytes) {
        const word = VOCABULARY[Math.floor(random() * random() * VOCABULARY.length)]!;
        words.push(word);
        length += word.length + 1;
      }
      const file = path.join(folder, `${tag}-${i}.txt`);
      files.push(file);
      batch.push(writeFile(file, words.join(' ') + '\n'));
    }
    await Promise.all(batch);
  }
  return files;
}

/** A search a person might type: one or two words, sometimes a prefix. */
export function randomQuery(random: () => number = Math.random): string {
  const pick = () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!;
  const roll = random();
  if (roll < 0.5) return pick();
  if (roll < 0.8) return `${pick()} ${pick()}`;
  return `${pick().slice(0, 3)}*`;
}
