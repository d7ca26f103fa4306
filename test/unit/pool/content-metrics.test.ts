import { describe, expect, it } from 'vitest';
import { ContentMetricsCounter } from '../../../electron/worker/chunking/content-metrics';

const PROSE = {
  en: 'The committee met on Tuesday to discuss the budget for next year, and most members agreed that the library needs more money for books and staff. ',
  fr: "Le comité s'est réuni mardi pour discuter du budget de l'année prochaine, et la plupart des membres ont convenu que la bibliothèque a besoin de plus d'argent. ",
  ru: 'Комитет собрался во вторник, чтобы обсудить бюджет на следующий год, и большинство членов согласились, что библиотеке нужно больше денег на книги. ',
  ja: '委員会は火曜日に集まり、来年の予算について話し合った。ほとんどの委員は、図書館には本と職員のためにもっと多くのお金が必要だと同意した。',
  de: 'Der Ausschuss traf sich am Dienstag, um den Haushalt für das nächste Jahr zu besprechen, und die meisten Mitglieder waren sich einig, dass die Bibliothek mehr Geld braucht. ',
  uk: 'Комітет зібрався у вівторок, щоб обговорити бюджет на наступний рік, і більшість членів погодилися, що бібліотеці потрібно більше грошей на книги. ',
  pl: 'Komitet zebrał się we wtorek, aby omówić budżet na przyszły rok, a większość członków zgodziła się, że biblioteka potrzebuje więcej pieniędzy na książki. ',
  cs: 'Výbor se sešel v úterý, aby projednal rozpočet na příští rok, a většina členů se shodla, že knihovna potřebuje více peněz na knihy a zaměstnance. ',
  es: 'El comité se reunió el martes para discutir el presupuesto del próximo año, y la mayoría de los miembros acordó que la biblioteca necesita más dinero. ',
  zh: '委员会星期二开会讨论明年的预算，大多数成员同意图书馆需要更多的钱来买书和雇用工作人员。',
  ko: '위원회는 화요일에 모여 내년 예산을 논의했으며, 대부분의 위원들은 도서관에 책과 직원을 위한 더 많은 돈이 필요하다는 데 동의했다. ',
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
