import fc from 'fast-check';
import type { z } from 'zod';

/** zod 4 keeps a schema's definition under `_zod.def`; enough of it to walk the contract. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  valueType?: z.ZodType;
  items?: z.ZodType[];
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strings that tend to break things: control characters, quotes, surrogates, paths, SQL, huge. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    "'; DROP TABLE documents; --",
    '"',
    'NEAR(',
    '*',
    '%s%n',
    '__proto__',
    'constructor',
  ),
  fc.integer({ min: 1, max: 12 }).map((n) => 'x'.repeat(2 ** n * 10)),
);

const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    1,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    1e308,
    Number.NaN,
    Infinity,
    -Infinity,
    0.5,
  ),
);

const junk = fc.anything({
  maxDepth: 2,
  maxKeys: 4,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
});

/**
 * Values shaped like `schema` (so many pass validation and reach the handler), with a share of
 * arbitrary junk at every level (so validation is fuzzed too).
 */
export function arbitraryFor(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: shaped(schema, depth) }, { weight: 1, arbitrary: junk });
}

function shaped(schema: z.ZodType, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const next = (s: z.ZodType) => (depth > 6 ? junk : arbitraryFor(s, depth + 1));
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof(
        { weight: 5, arbitrary: next(def.innerType!) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
      );
    case 'pipe':
      return next(def.in!);
    case 'object': {
      const keys = Object.entries(def.shape!).map(([k, v]) => [k, next(v)] as const);
      const record = fc.record(Object.fromEntries(keys), { requiredKeys: [] });
      // Sometimes an extra key, which `.strict()` objects must refuse.
      return fc.oneof(
        { weight: 4, arbitrary: record },
        {
          weight: 1,
          arbitrary: fc.tuple(record, nastyString, junk).map(([r, k, v]) => ({ ...r, [k]: v })),
        },
      );
    }
    case 'array':
      return fc.oneof(
        { weight: 5, arbitrary: fc.array(next(def.element!), { maxLength: 6 }) },
        { weight: 1, arbitrary: fc.array(next(def.element!), { minLength: 90, maxLength: 120 }) },
      );
    case 'tuple':
      return fc.tuple(...def.items!.map(next));
    case 'record':
      return fc.dictionary(nastyString, next(def.valueType!), { maxKeys: 4 });
    case 'union':
      return fc.oneof(...def.options!.map(next));
    case 'enum':
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...Object.values(def.entries!)) },
        { weight: 1, arbitrary: nastyString },
      );
    case 'literal':
      return fc.constantFrom(...def.values!);
    case 'string':
      return nastyString;
    case 'number':
      return anyNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return junk;
  }
}
