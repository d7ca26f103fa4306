import { describe, expect, it } from 'vitest';
import { ContentMetricsCounter } from '../../../electron/worker/chunking/content-metrics';

const PROSE = {
  en: 'The committee met on Tuesday to discuss the budget for next year, and most members agreed that the library needs more money for books and staff. ',
  fr: "Le comité s'est réuni mardi pour discuter du budget de l'année prochaine, et la plupart des membres ont convenu que la bibliothèque a besoin de plus d'argent. ",
  ru: 'Комитет собрался во вторник, чтобы обсудить бюджет на следующий год, и большинство членов согласились, что библиотеке нужно больше денег на книги. ',
  ja: '委員会は火曜日に集まり、来年の予算について話し合った。ほとんどの委員は、図書館には本と職員のためにもっと多くのお金が必要だと同意した。',
  de: 'Der Ausschuss traf sich am Dienstag, um den Haushalt für das nächste Jahr zu besprechen, und die meisten Mitglieder waren sich einig, dass die Bibliothek mehr Geld braucht. ',
};

async function languageOf(pieces: string[]): Promise<string | null> {
  const counter = new ContentMetricsCounter();
  for (const piece of pieces) counter.add(piece);
  return (await counter.result()).language;
}

describe('language detection', () => {
  it.each(Object.entries(PROSE))('detects %s in a long document streamed in pieces', async (language, sentence) => {
    const pieces = Array.from({ length: 200 }, () => sentence);
    expect(await languageOf(pieces)).toBe(language);
  });

  it('detects the language of a single sentence', async () => {
    expect(await languageOf([PROSE.en])).toBe('en');
    expect(await languageOf([PROSE.ru])).toBe('ru');
  });

  it('decides on the opening of the text, not on what follows far behind it', async () => {
    const opening = PROSE.fr.repeat(30);
    expect(await languageOf([opening, PROSE.en.repeat(1000)])).toBe('fr');
  });

  it('reports no language for text too short or too ambiguous to tell', async () => {
    expect(await languageOf(['hello'])).toBeNull();
    expect(await languageOf(['   \n'])).toBeNull();
  });
});
