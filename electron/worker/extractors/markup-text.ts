import type { Parser } from 'htmlparser2';
import type { ChunkWriter } from '../chunking/chunk-writer';

/** How one markup vocabulary (HTML, ODF XML) lays out text. */
export interface MarkupDialect {
  xmlMode: boolean;
  /** Elements whose content is never text (scripts, styles…). */
  skip: ReadonlySet<string>;
  /** Elements that end a paragraph (blank line after). */
  paragraphs: ReadonlySet<string>;
  /** Elements that end a line. */
  lines: ReadonlySet<string>;
  /** Section level of a heading element (1 and 2 start sections), or undefined. */
  headingLevel(name: string, attributes: Record<string, string>): number | undefined;
  /** Text an empty element stands for (ODF `text:s`, `text:tab`). */
  inline?(name: string, attributes: Record<string, string>): string | undefined;
  /** Element holding the document title. */
  title?: string;
  /** Keeps whitespace as written inside these elements. */
  preformatted?: ReadonlySet<string>;
}

export const HTML: MarkupDialect = {
  xmlMode: false,
  skip: new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object']),
  paragraphs: new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'section', 'article', 'figure', 'hr']),
  lines: new Set(['br', 'div', 'li', 'tr', 'dt', 'dd', 'header', 'footer', 'nav', 'aside', 'main', 'caption', 'figcaption', 'address']),
  headingLevel: (name) => (name === 'h1' ? 1 : name === 'h2' ? 2 : undefined),
  title: 'title',
  preformatted: new Set(['pre', 'textarea']),
};

export const ODF: MarkupDialect = {
  xmlMode: true,
  skip: new Set(['office:annotation', 'text:tracked-changes', 'office:forms', 'office:scripts', 'office:font-face-decls', 'office:automatic-styles']),
  paragraphs: new Set(['text:p', 'text:h', 'table:table']),
  lines: new Set(['text:line-break', 'text:list-item', 'table:table-row']),
  headingLevel: (name, attributes) => {
    if (name !== 'text:h') return undefined;
    const level = Number(attributes['text:outline-level'] ?? 1);
    return level <= 2 ? level : undefined;
  },
  inline: (name, attributes) => {
    if (name === 'text:s') return ' '.repeat(Math.min(Number(attributes['text:c'] ?? 1) || 1, 100));
    if (name === 'text:tab') return '\t';
    return undefined;
  },
};

type Piece = { text: string } | { section: string; open: boolean };

const MAX_HEADING_CHARS = 200;

/**
 * A streaming markup-to-text pass: visible text only, block elements become line and paragraph
 * breaks, level-1/2 headings start sections. Feed it pieces of markup; it writes text to a
 * ChunkWriter between pieces, so memory holds about one piece.
 */
export class MarkupText {
  private readonly parser: Parser;
  private readonly out: Piece[] = [];
  private skipDepth = 0;
  private preDepth = 0;
  private inTitle = false;
  private titleText = '';
  private heading?: { section: string; open: boolean };
  private atLineStart = true;
  private pendingBreak = '';
  private sawText = false;

  static async create(writer: ChunkWriter, dialect: MarkupDialect): Promise<MarkupText> {
    const { Parser } = await import('htmlparser2');
    return new MarkupText(writer, dialect, Parser);
  }

  private constructor(
    private readonly writer: ChunkWriter,
    private readonly dialect: MarkupDialect,
    ParserClass: typeof Parser,
  ) {
    this.parser = new ParserClass(
      {
        onopentag: (name, attributes) => this.open(name, attributes),
        onclosetag: (name) => this.close(name),
        ontext: (text) => this.text(text),
      },
      { xmlMode: dialect.xmlMode, decodeEntities: true, lowerCaseTags: !dialect.xmlMode },
    );
  }

  /** The document's title element, if any. */
  get title(): string | undefined {
    return this.titleText.replace(/\s+/g, ' ').trim() || undefined;
  }

  get hasText(): boolean {
    return this.sawText;
  }

  async write(markup: string): Promise<void> {
    this.parser.write(markup);
    await this.drain();
  }

  async end(): Promise<void> {
    this.parser.end();
    if (this.heading) this.heading.open = false;
    await this.drain();
  }

  private open(name: string, attributes: Record<string, string>): void {
    if (this.dialect.skip.has(name)) {
      this.skipDepth++;
      return;
    }
    if (this.skipDepth > 0) return;
    if (name === this.dialect.title && !this.titleText) this.inTitle = true;
    if (this.dialect.preformatted?.has(name)) this.preDepth++;
    this.breakFor(name);
    const level = this.dialect.headingLevel(name, attributes);
    if (level !== undefined) {
      this.heading = { section: '', open: true };
      this.out.push(this.heading);
      this.pendingBreak = ''; // a section starts a new chunk, which needs no leading break
    }
    const inline = this.dialect.inline?.(name, attributes);
    if (inline) this.emit(inline);
  }

  private close(name: string): void {
    if (name === this.dialect.title) this.inTitle = false;
    if (this.dialect.skip.has(name)) {
      if (this.skipDepth > 0) this.skipDepth--;
      return;
    }
    if (this.skipDepth > 0) return;
    if (this.dialect.preformatted?.has(name) && this.preDepth > 0) this.preDepth--;
    if (this.heading && this.dialect.headingLevel(name, {}) !== undefined) this.closeHeading();
    this.breakFor(name);
  }

  private text(raw: string): void {
    if (this.inTitle) {
      if (this.titleText.length < 1000) this.titleText += raw;
      return;
    }
    if (this.skipDepth > 0) return;
    const text = this.preDepth > 0 ? raw : raw.replace(/\s+/g, ' ');
    if (this.heading?.open) {
      this.heading.section = (this.heading.section + text).slice(0, MAX_HEADING_CHARS * 2);
      if (this.heading.section.length > MAX_HEADING_CHARS) this.closeHeading();
    }
    this.emit(text);
  }

  private emit(text: string): void {
    let value = text;
    if (this.atLineStart && this.preDepth === 0) value = value.replace(/^ +/, '');
    if (!value) return;
    if (this.pendingBreak && this.sawText) this.out.push({ text: this.pendingBreak });
    this.pendingBreak = '';
    this.out.push({ text: value });
    this.sawText = true;
    this.atLineStart = value.endsWith('\n');
  }

  private breakFor(name: string): void {
    const wanted = this.dialect.paragraphs.has(name) ? '\n\n' : this.dialect.lines.has(name) ? '\n' : '';
    if (wanted.length > this.pendingBreak.length) this.pendingBreak = wanted;
    if (wanted) this.atLineStart = true;
  }

  private closeHeading(): void {
    if (!this.heading) return;
    this.heading.section = this.heading.section.replace(/\s+/g, ' ').trim().slice(0, MAX_HEADING_CHARS);
    this.heading.open = false;
    this.heading = undefined;
  }

  /** Hands finished pieces to the writer; stops at a heading whose text is still arriving. */
  private async drain(): Promise<void> {
    let text = '';
    let taken = 0;
    for (const piece of this.out) {
      if ('text' in piece) {
        text += piece.text;
      } else {
        if (piece.open) break;
        await this.writer.write(text);
        text = '';
        if (piece.section) await this.writer.moveTo({ section: piece.section });
      }
      taken++;
    }
    this.out.splice(0, taken);
    await this.writer.write(text);
  }
}
