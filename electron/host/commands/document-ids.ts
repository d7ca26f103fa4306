import { UsageError } from './command';

/** Positionals as document ids, or a UsageError naming the bad one. */
export function parseIds(args: string[], what = 'ID'): number[] {
  if (!args.length) throw new UsageError(`expected at least one ${what}`);
  return args.map((arg) => {
    const id = Number(arg);
    if (!Number.isSafeInteger(id) || id < 1)
      throw new UsageError(`${what} must be a positive integer, got ${JSON.stringify(arg)}`);
    return id;
  });
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream)
    parts.push(typeof part === 'string' ? Buffer.from(part) : (part as Buffer));
  return Buffer.concat(parts).toString('utf8');
}
