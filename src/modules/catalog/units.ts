import { Decimal } from 'decimal.js';
import type { Text } from '../../platform/i18n.ts';

/** Units of measure: each belongs to a dimension and converts to that dimension's base unit. */
export interface Unit {
  code: string;
  dimension: 'length' | 'mass' | 'count' | 'voltage' | 'current' | 'area' | 'power' | 'volume' | 'time' | 'ratio' | 'set';
  /** How many base units one of this unit is (`km` → 1000 m). Null: product-specific (box). */
  factor: string | null;
  name: Text;
}

const u = (code: string, dimension: Unit['dimension'], factor: string | null, zh: string, en: string): Unit => ({ code, dimension, factor, name: { 'zh-CN': zh, en } });

export const UNITS: ReadonlyMap<string, Unit> = new Map(
  [
    u('mm', 'length', '0.001', '毫米', 'millimetre'),
    u('m', 'length', '1', '米', 'metre'),
    u('km', 'length', '1000', '千米', 'kilometre'),
    u('g', 'mass', '0.001', '克', 'gram'),
    u('kg', 'mass', '1', '千克', 'kilogram'),
    u('t', 'mass', '1000', '吨', 'tonne'),
    u('piece', 'count', '1', '个', 'piece'),
    u('box', 'count', null, '箱', 'box'),
    u('set', 'set', '1', '套', 'set'),
    u('pair', 'count', '2', '副', 'pair'),
    u('roll', 'count', null, '卷', 'roll'),
    u('V', 'voltage', '0.001', '伏', 'volt'),
    u('kV', 'voltage', '1', '千伏', 'kilovolt'),
    u('A', 'current', '1', '安', 'ampere'),
    u('kA', 'current', '1000', '千安', 'kiloampere'),
    u('mm2', 'area', '1', '平方毫米', 'square millimetre'),
    u('kVA', 'power', '1', '千伏安', 'kilovolt-ampere'),
    u('MVA', 'power', '1000', '兆伏安', 'megavolt-ampere'),
    u('kW', 'power', '1', '千瓦', 'kilowatt'),
    u('L', 'volume', '1', '升', 'litre'),
    u('month', 'time', '1', '月', 'month'),
    u('year', 'time', '12', '年', 'year'),
    u('%', 'ratio', '1', '%', 'per cent'),
  ].map((x) => [x.code, x]),
);

export function isUnit(code: string): boolean {
  return UNITS.has(code);
}

/**
 * Converts `value` from one unit to another of the same dimension; `packSize` gives the pieces
 * per box for count units. Returns null when they cannot be converted.
 */
export function convertQuantity(value: Decimal.Value, from: string, to: string, packSize?: number | null): Decimal | null {
  if (from === to) return new Decimal(value);
  const a = UNITS.get(from);
  const b = UNITS.get(to);
  if (!a || !b || a.dimension !== b.dimension) return null;
  const factorOf = (unit: Unit) => unit.factor ?? (packSize ? String(packSize) : null);
  const fa = factorOf(a);
  const fb = factorOf(b);
  if (!fa || !fb) return null;
  return new Decimal(value).times(fa).dividedBy(fb);
}
