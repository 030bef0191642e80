import { Decimal } from '../../platform/money.ts';

/**
 * Bank statement CSV files as Chinese banks export them: UTF-8 (with or without BOM) or GBK,
 * a header row in Chinese or English (or none, columns in the documented order), amounts with
 * thousands separators, dates as 2026-11-21, 2026/11/21 or 20261121.
 */
export interface StatementLineInput {
  lineNo: number;
  valueDate: string;
  amount: string;
  currency: string;
  payerName: string | null;
  payerAccount: string | null;
  bankReference: string;
  remittanceInfo: string | null;
}

export interface StatementParseError {
  lineNo: number;
  message: string;
}

export interface ParsedStatement {
  encoding: 'utf-8' | 'gbk';
  lines: StatementLineInput[];
  errors: StatementParseError[];
}

/** Decodes the file: UTF-8 when it is valid UTF-8, else GBK (GB18030, its superset). */
export function decodeStatement(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' };
  }
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

type Column = 'valueDate' | 'amount' | 'currency' | 'payerName' | 'payerAccount' | 'bankReference' | 'remittanceInfo';
const COLUMN_ORDER: Column[] = ['valueDate', 'amount', 'currency', 'payerName', 'payerAccount', 'bankReference', 'remittanceInfo'];

const HEADER_ALIASES: Record<Column, string[]> = {
  valueDate: ['value date', 'valuedate', 'value_date', 'date', '起息日', '交易日期', '日期', '记账日期'],
  amount: ['amount', '金额', '交易金额', '收入金额', '贷方金额'],
  currency: ['currency', '币种', '货币'],
  payerName: ['payer name', 'payername', 'payer_name', '付款人名称', '付款人', '对方户名', '对方名称'],
  payerAccount: ['payer account', 'payeraccount', 'payer_account', '付款人账号', '付款账号', '对方账号'],
  bankReference: ['bank reference', 'bankreference', 'bank_reference', 'reference', '银行流水号', '交易流水号', '流水号'],
  remittanceInfo: ['remittance info', 'remittanceinfo', 'remittance_info', 'remittance', '附言', '摘要', '用途', '备注'],
};

function headerColumns(cells: string[]): Map<Column, number> | null {
  const found = new Map<Column, number>();
  cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    for (const column of COLUMN_ORDER) if (HEADER_ALIASES[column].includes(name) && !found.has(column)) found.set(column, index);
  });
  return found.has('amount') && found.has('bankReference') ? found : null;
}

function parseDate(raw: string): string | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[ T].*)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parseAmount(raw: string): string | null {
  const s = raw.trim().replace(/[,\s¥￥]/g, '');
  if (!/^[+-]?\d{1,15}(\.\d{1,4})?$/.test(s)) return null;
  return new Decimal(s).toFixed(2);
}

function parseCurrency(raw: string | undefined): string | null {
  const s = (raw ?? '').trim().toUpperCase();
  if (s === '' || s === 'CNY' || s === 'RMB' || s === '人民币' || s === '156') return 'CNY';
  return /^[A-Z]{3}$/.test(s) ? s : null;
}

const MAX_FIELD = 300;

/** Parses a whole statement; every line that cannot be read is reported with its line number. */
export function parseStatement(bytes: Uint8Array): ParsedStatement {
  const { text, encoding } = decodeStatement(bytes);
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const errors: StatementParseError[] = [];
  const lines: StatementLineInput[] = [];
  if (!rows.length) return { encoding, lines, errors: [{ lineNo: 1, message: 'the file is empty' }] };
  const header = headerColumns(rows[0]!);
  const columns = header ?? new Map(COLUMN_ORDER.map((c, i) => [c, i] as const));
  const body = header ? rows.slice(1) : rows;
  body.forEach((cells, index) => {
    const lineNo = index + (header ? 2 : 1);
    const cell = (c: Column) => {
      const i = columns.get(c);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const valueDate = parseDate(cell('valueDate'));
    const amount = parseAmount(cell('amount'));
    const currency = parseCurrency(cell('currency'));
    const bankReference = cell('bankReference');
    const problems: string[] = [];
    if (!valueDate) problems.push(`value date "${cell('valueDate')}" is not a date`);
    if (!amount) problems.push(`amount "${cell('amount')}" is not a number`);
    if (!currency) problems.push(`currency "${cell('currency')}" is not a currency code`);
    if (!bankReference) problems.push('bank reference is missing');
    for (const c of COLUMN_ORDER) if (cell(c).length > MAX_FIELD) problems.push(`${c} is longer than ${MAX_FIELD} characters`);
    if (problems.length) {
      errors.push({ lineNo, message: problems.join('; ') });
      return;
    }
    lines.push({
      lineNo,
      valueDate: valueDate!,
      amount: amount!,
      currency: currency!,
      payerName: cell('payerName') || null,
      payerAccount: cell('payerAccount') || null,
      bankReference,
      remittanceInfo: cell('remittanceInfo') || null,
    });
  });
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.bankReference)) errors.push({ lineNo: line.lineNo, message: `bank reference ${line.bankReference} appears twice in the file` });
    seen.add(line.bankReference);
  }
  if (!lines.length && !errors.length) errors.push({ lineNo: 1, message: 'the file has no statement lines' });
  return { encoding, lines, errors };
}

/** Document references a payer may write in the remittance info: ids and numbers like PO-2026-000042. */
export function referencesIn(text: string | null): { ids: string[]; numbers: string[] } {
  if (!text) return { ids: [], numbers: [] };
  const ids = [...text.matchAll(/\b(?:po|inv)_[0-9A-HJKMNP-TV-Z]{26}\b/g)].map((m) => m[0]);
  const numbers = [...text.toUpperCase().matchAll(/\b[A-Z]{2,5}-\d{4}-\d{4,8}\b/g)].map((m) => m[0]);
  return { ids: [...new Set(ids)], numbers: [...new Set(numbers)] };
}
