import { Decimal } from 'decimal.js';
import type { FieldError } from '../../platform/problem.ts';
import type { AttributeOption, SpecValue, Specs } from './schema.ts';
import { convertQuantity } from './units.ts';

/** One line of a category's effective (inherited) attribute template. */
export interface TemplateAttribute {
  key: string;
  nameZh: string;
  nameEn: string;
  type: 'number' | 'enum' | 'text' | 'boolean';
  unit: string | null;
  options: AttributeOption[] | null;
  required: boolean;
  filterable: boolean;
  variant: boolean;
  sortOrder: number;
  /** The category that defines it (the nearest ancestor when inherited). */
  definedIn: string;
}

/** A spec as sent by a client: a plain value, or a number with its unit (`{ value: 1.2, unit: 'km' }`). */
export type SpecInput = string | number | boolean | { value: number | string; unit: string };

/**
 * Validates specs against a template: unknown keys, wrong types, values outside the enumeration
 * and unconvertible units are field errors; numbers are converted to the template's unit.
 * `requireAll` checks required attributes (a product's specs merged with a SKU's).
 */
export function validateSpecs(
  template: TemplateAttribute[],
  input: Record<string, SpecInput>,
  pointer: string,
  requireAll: boolean,
): { specs: Specs; errors: FieldError[] } {
  const byKey = new Map(template.map((a) => [a.key, a]));
  const specs: Specs = {};
  const errors: FieldError[] = [];
  const fail = (key: string, message: string) => errors.push({ pointer: `${pointer}/${key}`, in: 'body', message });
  for (const [key, raw] of Object.entries(input)) {
    const attr = byKey.get(key);
    if (!attr) {
      fail(key, `is not an attribute of this category (known: ${[...byKey.keys()].join(', ') || 'none'})`);
      continue;
    }
    if (raw === null || raw === undefined || raw === '') continue;
    const value = normalizeSpec(attr, raw);
    if (typeof value === 'string' && value.startsWith('!')) fail(key, value.slice(1));
    else specs[key] = value;
  }
  if (requireAll) {
    for (const attr of template) if (attr.required && specs[attr.key] === undefined) fail(attr.key, 'is required by the category template');
  }
  return { specs, errors };
}

/** Returns the stored value, or a string starting with `!` that explains why it is not valid. */
function normalizeSpec(attr: TemplateAttribute, raw: SpecInput): SpecValue {
  switch (attr.type) {
    case 'number': {
      let value: string | number;
      let unit = attr.unit;
      if (typeof raw === 'object') {
        value = raw.value;
        unit = raw.unit;
      } else if (typeof raw === 'string') {
        const m = raw.trim().match(/^(-?\d+(?:\.\d+)?)\s*([A-Za-z%0-9]*)$/);
        if (!m) return `!must be a number${attr.unit ? ` in ${attr.unit}` : ''}`;
        value = m[1]!;
        if (m[2]) unit = m[2];
      } else if (typeof raw === 'number') value = raw;
      else return '!must be a number';
      if (!Number.isFinite(Number(value))) return '!must be a number';
      if (unit && attr.unit && unit !== attr.unit) {
        const converted = convertQuantity(value, unit, attr.unit);
        if (!converted) return `!unit ${unit} cannot be converted to ${attr.unit}`;
        return Number(converted.toDecimalPlaces(6).toString());
      }
      return Number(new Decimal(value).toDecimalPlaces(6).toString());
    }
    case 'enum': {
      const options = attr.options ?? [];
      const s = String(typeof raw === 'object' ? raw.value : raw).trim();
      const found = options.find((o) => o.code === s || o.zh === s || o.en.toLowerCase() === s.toLowerCase());
      if (!found) return `!must be one of ${options.map((o) => o.code).join(', ')}`;
      return found.code;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const s = String(typeof raw === 'object' ? raw.value : raw).trim().toLowerCase();
      if (['true', 'yes', '1', '是', 'y'].includes(s)) return true;
      if (['false', 'no', '0', '否', 'n'].includes(s)) return false;
      return '!must be true or false';
    }
    default: {
      const s = String(typeof raw === 'object' ? raw.value : raw).trim();
      if (s.length > 200) return '!must be at most 200 characters';
      return s;
    }
  }
}

/** The display string of a spec value in a language: option label, number with unit, yes/no. */
export function displaySpec(attr: TemplateAttribute | undefined, value: SpecValue, lang: 'zh-CN' | 'en'): string {
  if (!attr) return String(value);
  if (attr.type === 'enum') {
    const o = attr.options?.find((x) => x.code === value);
    return o ? (lang === 'en' ? o.en : o.zh) : String(value);
  }
  if (attr.type === 'boolean') return value ? (lang === 'en' ? 'Yes' : '是') : lang === 'en' ? 'No' : '否';
  if (attr.type === 'number') return `${value}${attr.unit ? ` ${attr.unit}` : ''}`;
  return String(value);
}

/** The facet value of a spec: enum code, `true`/`false`, or the number/text itself. */
export function facetValue(value: SpecValue): string {
  return String(value);
}
