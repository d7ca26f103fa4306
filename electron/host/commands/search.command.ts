import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SearchHit, SearchResult } from '../../../shared/channels/library';
import { AppError } from '../../core/api/app-error';
import type { Library } from '../../core/library';
import { intFlag, UsageError, writeJsonLine, type Command, type CommandContext } from './command';

function jsonLine(result: SearchResult) {
  return {
    query: result.query,
    total: result.total,
    tookMs: result.tookMs,
    hits: result.hits.map(({ id, title, type, path, score, snippet, highlights }) => ({
      id,
      title,
      type,
      path,
      score,
      snippet,
      highlights,
    })),
  };
}

/** The snippet with its highlights in brackets, for a terminal. */
function marked(hit: SearchHit): string {
  let out = '';
  let at = 0;
  for (const [start, end] of hit.highlights) {
    out += `${hit.snippet.slice(at, start)}[${hit.snippet.slice(start, end)}]`;
    at = end;
  }
  return (out + hit.snippet.slice(at)).replace(/\s+/g, ' ').trim();
}

function printHuman(ctx: CommandContext, result: SearchResult): void {
  ctx.stdout.write(
    `${result.total} result${result.total === 1 ? '' : 's'} for ${JSON.stringify(result.query)} in ${result.tookMs.toFixed(1)} ms\n`,
  );
  for (const hit of result.hits) {
    ctx.stdout.write(
      `${String(hit.id).padStart(7)}  ${hit.title}  (${hit.type})${hit.path ? `  ${hit.path}` : ''}\n`,
    );
    if (hit.snippet) ctx.stdout.write(`         ${marked(hit)}\n`);
  }
}

async function* queryLines(ctx: CommandContext, file: string): AsyncGenerator<string> {
  const input = file === '-' ? ctx.stdin : createReadStream(file, 'utf8');
  for await (const line of createInterface({ input, crlfDelay: Infinity }))
    if (line.trim()) yield line;
}

async function runBatch(
  ctx: CommandContext,
  library: Library,
  file: string,
  limit: number,
): Promise<number> {
  let failures = 0;
  for await (const query of queryLines(ctx, file)) {
    try {
      const result = await library.search({ query, limit });
      if (ctx.flags.json) writeJsonLine(ctx.stdout, jsonLine(result));
      else printHuman(ctx, result);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failures++;
      if (ctx.flags.json)
        writeJsonLine(ctx.stdout, { query, error: { code: error.code, message: error.message } });
      else ctx.stderr.write(`skr search: ${JSON.stringify(query)}: ${error.message}\n`);
    }
  }
  return failures ? 1 : 0;
}

export const searchCommand: Command = {
  name: 'search',
  summary:
    'Search the library (words, "phrases", prefix*, -exclude, OR, type: tag: title: after: before: in: lang:)',
  usage: 'search QUERY | --batch FILE [--limit N] [--json]',
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, batch: { type: 'string' } },
  async run(ctx) {
    const limit = intFlag(ctx.flags, 'limit', 20, 1, 100);
    const batch = ctx.flags.batch;
    if (typeof batch === 'string') {
      if (ctx.args.length) throw new UsageError('give either QUERY or --batch FILE, not both');
      return runBatch(ctx, (await ctx.core()).library, batch, limit);
    }
    if (!ctx.args.length) throw new UsageError('search needs a QUERY (or --batch FILE)');
    const query = ctx.args.join(' ');
    const library = (await ctx.core()).library;
    try {
      const result = await library.search({ query, limit });
      if (ctx.flags.json) writeJsonLine(ctx.stdout, jsonLine(result));
      else printHuman(ctx, result);
      return 0;
    } catch (error) {
      if (error instanceof AppError && error.code === 'query_error') {
        ctx.stderr.write(`skr search: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
