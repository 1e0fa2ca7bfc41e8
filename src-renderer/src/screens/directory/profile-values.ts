import type { ProfileValue } from './directory-types';

/* Profile values as text in a form and back: types kept, lists as comma-separated items. */

export type Kind = 'string' | 'number' | 'boolean' | 'list';
export const KIND_WORDS: Record<Kind, string> = { string: 'Text', number: 'Number', boolean: 'True / false', list: 'List' };
export const FIRST = ['login', 'email', 'firstName', 'lastName'];
const LABELS: Record<string, string> = { login: 'Username', email: 'Email', firstName: 'First name', lastName: 'Last name', secondEmail: 'Second email', zipCode: 'ZIP code', managerId: 'Manager id', profileUrl: 'Profile URL' };

/** `costCenter` → "Cost center". */
export function humanize(key: string): string {
  if (LABELS[key]) return LABELS[key]!;
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function kindOf(v: ProfileValue | undefined): Kind {
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

export function toText(v: ProfileValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** The typed value for a text the person typed, or what is wrong with it. */
export function fromText(kind: Kind, text: string, original?: ProfileValue): { value?: ProfileValue; issue?: string } {
  switch (kind) {
    case 'number': {
      const t = text.trim();
      if (!t) return { issue: 'Give a number, or remove the attribute.' };
      const n = Number(t);
      return Number.isFinite(n) ? { value: n } : { issue: `“${t}” is not a number.` };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { issue: 'Choose true or false.' };
    case 'list': {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      const numeric = Array.isArray(original) && original.length > 0 && original.every((x) => typeof x === 'number');
      if (numeric) {
        const nums = items.map(Number);
        if (nums.some((n) => !Number.isFinite(n))) return { issue: 'This list holds numbers only.' };
        return { value: nums };
      }
      if (items.length > 1000) return { issue: 'At most 1000 items.' };
      return { value: items };
    }
    case 'string':
      if (text.length > 4096) return { issue: 'At most 4096 characters.' };
      return { value: text };
  }
}
