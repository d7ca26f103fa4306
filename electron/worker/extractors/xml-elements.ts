
export interface XmlElement {
  /** Name without its namespace prefix: `dc:title` → `title`. */
  name: string;
  attributes: Record<string, string>;
  text: string;
}

/** Every element of a small XML document (package metadata, manifests) with its own text. */
export async function xmlElements(xml: string): Promise<XmlElement[]> {
  const { Parser } = await import('htmlparser2');
  const elements: XmlElement[] = [];
  const open: XmlElement[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element = { name: localName(name), attributes, text: '' };
        elements.push(element);
        open.push(element);
      },
      ontext(text) {
        const element = open.at(-1);
        if (element && element.text.length < 2000) element.text += text;
      },
      onclosetag() {
        open.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return elements;
}

/** Attribute by local name (`opf:full-path` and `full-path` alike). */
export function attribute(element: XmlElement, name: string): string | undefined {
  for (const [key, value] of Object.entries(element.attributes)) if (localName(key) === name) return value;
  return undefined;
}

export function firstText(elements: XmlElement[], ...names: string[]): string | undefined {
  for (const name of names) {
    const text = elements.find((element) => element.name === name && element.text.trim())?.text;
    if (text) return text;
  }
  return undefined;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}
