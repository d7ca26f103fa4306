/**
 * Splits a text into passages of about `target` characters, cutting at a paragraph break, else a
 * line break, else a space, searched only within the last quarter of each window (linear time
 * even on one huge line).
 */
export function splitPassages(text: string, target = 4000): string[] {
  const passages: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + target);
    if (end < text.length) {
      const floor = start + Math.floor(target * 0.75);
      const window = text.slice(floor, end);
      const cut = [
        window.lastIndexOf('\n\n'),
        window.lastIndexOf('\n'),
        window.lastIndexOf(' '),
      ].find((i) => i >= 0);
      if (cut !== undefined) end = floor + cut + 1;
    }
    const passage = text.slice(start, end);
    if (passage.trim()) passages.push(passage);
    start = end;
  }
  return passages;
}
