import { AlertRules, type AlertRuleId } from '../../../shared/channels/monitor';

const MB = 1024 * 1024;

export interface FieldSpec {
  key: string;
  label: string;
  unit: string;
  /** Stored value = shown value × scale. */
  scale: number;
  step: number;
}

const threshold = (unit: string, scale = 1): FieldSpec[] => [
  { key: 'threshold', label: 'Alert above', unit, scale, step: 1 },
  { key: 'resolveBelow', label: 'Clear below', unit, scale, step: 1 },
  { key: 'forSeconds', label: 'For at least', unit: 's', scale: 1, step: 1 },
];

/** The alert rules as the settings form shows them: names, units, fields. */
export const RULES: { id: AlertRuleId; label: string; fields: FieldSpec[] }[] = [
  { id: 'memory', label: 'Memory (whole app)', fields: threshold('MB', MB) },
  {
    id: 'memoryGrowth',
    label: 'Memory growth (leak detector)',
    fields: [
      ...threshold('%/h'),
      { key: 'windowMinutes', label: 'Window', unit: 'min', scale: 1, step: 1 },
      { key: 'warmupMinutes', label: 'Warm-up', unit: 'min', scale: 1, step: 1 },
      { key: 'minR2', label: 'Minimum fit (R²)', unit: '', scale: 1, step: 0.05 },
    ],
  },
  { id: 'handles', label: 'Open handles (busiest process)', fields: threshold('handles') },
  { id: 'readerPool', label: 'Reader pool utilisation', fields: threshold('%') },
  { id: 'cpu', label: 'CPU of the main process', fields: threshold('% of a core') },
  {
    id: 'callMemory',
    label: 'Memory growth during one call',
    fields: [
      { key: 'threshold', label: 'Alert above', unit: 'MB', scale: MB, step: 1 },
      { key: 'holdSeconds', label: 'Keep active for', unit: 's', scale: 1, step: 1 },
    ],
  },
  { id: 'eventLoop', label: 'Event-loop delay (p99)', fields: threshold('ms') },
];

/** What the form edits: numbers as typed, in display units. */
export type Draft = Record<string, { enabled: boolean; values: Record<string, string> }>;

export function toDraft(rules: AlertRules): Draft {
  const draft: Draft = {};
  for (const rule of RULES) {
    const stored = rules[rule.id] as Record<string, number | boolean>;
    draft[rule.id] = {
      enabled: Boolean(stored.enabled),
      values: Object.fromEntries(rule.fields.map((f) => [f.key, String(round((stored[f.key] as number) / f.scale))])),
    };
  }
  return draft;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Field errors keyed `rule.field` (or `rule` for whole-rule problems), or the rules when all is valid. */
export function fromDraft(draft: Draft): { rules: AlertRules; errors: null } | { rules: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const candidate: Record<string, Record<string, number | boolean>> = {};
  for (const rule of RULES) {
    const entry = draft[rule.id]!;
    candidate[rule.id] = { enabled: entry.enabled };
    for (const field of rule.fields) {
      const text = entry.values[field.key]?.trim() ?? '';
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) errors[`${rule.id}.${field.key}`] = 'Enter a number';
      else candidate[rule.id]![field.key] = value * field.scale;
    }
  }
  if (Object.keys(errors).length) return { rules: null, errors };
  const parsed = AlertRules.safeParse(candidate);
  if (parsed.success) return { rules: parsed.data, errors: null };
  for (const issue of parsed.error.issues) {
    const key = issue.path.slice(0, 2).join('.');
    errors[key] ??= humanise(issue.message, issue.path[0] as AlertRuleId, issue.path[1] as string | undefined);
  }
  return { rules: null, errors };
}

/** zod speaks in stored units (bytes); the form speaks in the units it shows. */
function humanise(message: string, ruleId: AlertRuleId, key: string | undefined): string {
  const field = RULES.find((r) => r.id === ruleId)?.fields.find((f) => f.key === key);
  const text = friendly(message);
  if (!field || field.scale === 1) return text;
  return text.replace(/-?\d+(\.\d+)?/g, (n) => `${round(Number(n) / field.scale)} ${field.unit}`);
}

/** zod's English for number bounds, in plainer words. */
export function friendly(message: string): string {
  return message
    .replace(/^Too small: expected number to be >=/, 'Must be at least ')
    .replace(/^Too small: expected number to be >/, 'Must be more than ')
    .replace(/^Too big: expected number to be <=/, 'Must be at most ')
    .replace(/^Too big: expected number to be </, 'Must be less than ')
    .replace('resolveBelow must not exceed threshold', '“Clear below” must not exceed “Alert above”');
}
