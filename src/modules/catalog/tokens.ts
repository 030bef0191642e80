import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';

/**
 * Search tokens, computed the same way for documents and queries (STACK.md "Chinese search"):
 * CJK unigrams and bigrams plus longer jieba words, lower-cased Latin/number runs and their parts,
 * so `YJV22-8.7/15`, `yjv22 8.7/15kV` and `ＹＪＶ22－8.7／15` meet, and `电缆` finds `电力电缆`.
 */

const require = createRequire(import.meta.url);
let jieba: JiebaType | null = null;
function segmenter(): JiebaType {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

/** Full-width to half-width, lower case, multiplication signs between digits to `x`. */
export function normalizeText(input: string): string {
  let s = input.normalize('NFKC').toLowerCase();
  s = s.replace(/[‐‑‒–—−－]/g, '-').replace(/²/g, '2').replace(/³/g, '3');
  // 3×240, 3*240, 3X240 (already lower-cased) are all `3x240`.
  s = s.replace(/(\d)\s*[×*x]\s*(\d)/g, '$1x$2');
  return s;
}

/** Latin/number runs: letters, digits and inner dots/slashes (`8.7/15kv`, `yjv22`, `3x240`). */
function latinRuns(s: string): string[] {
  return s.match(/[a-z0-9]+(?:[./][a-z0-9]+)*/g) ?? [];
}

/** A run's parts: split on dots/slashes and on letter-digit boundaries. */
function runParts(run: string): string[] {
  const out = new Set<string>();
  for (const piece of run.split(/[./]/)) {
    if (!piece) continue;
    out.add(piece);
    for (const part of piece.match(/[a-z]+|[0-9]+/g) ?? []) out.add(part);
  }
  return [...out];
}

/** Model codes with every separator removed: `YJV22-8.7/15` → `yjv228715`. */
export function compactCode(input: string): string {
  return normalizeText(input).replace(/[^a-z0-9]/g, '');
}

/** Characters that would break a tsquery literal are dropped from tokens. */
function clean(token: string): string {
  return token.replace(/['\\\s:&|!()<>*]/g, '');
}

/** Document tokens: a space-separated string for `to_tsvector('simple', …)`. */
export function documentTokens(...texts: Array<string | null | undefined>): string {
  const out = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const s = normalizeText(raw);
    for (const run of s.match(CJK_RUN) ?? []) {
      for (const ch of run) out.add(ch);
      for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
      if (run.length > 2) for (const w of segmenter().cutForSearch(run, true)) if (w.length > 2 && CJK.test(w)) out.add(w);
    }
    for (const run of latinRuns(s)) {
      out.add(run);
      for (const part of runParts(run)) out.add(part);
    }
  }
  return [...out].map(clean).filter(Boolean).join(' ');
}

/** Lower-case Latin words plus the compact form of each code, for trigram similarity. */
export function latinText(...texts: Array<string | null | undefined>): string {
  const parts: string[] = [];
  for (const raw of texts) {
    if (!raw) continue;
    const s = normalizeText(raw);
    const runs = latinRuns(s);
    if (runs.length) parts.push(runs.join(' '));
    const compact = s.replace(/[^a-z0-9]/g, '');
    if (compact.length >= 4 && /\d/.test(compact) && /[a-z]/.test(compact) && compact.length <= 40) parts.push(compact);
  }
  return parts.join(' ');
}

/**
 * A query as groups: every group must match (AND); a group matches if any of its alternatives
 * does (OR); an alternative is a set of tokens that must all be present.
 */
export type QueryGroup = string[][];

export interface ParsedQuery {
  groups: QueryGroup[];
  /** Whole jieba words of the query: they only add to the rank. */
  boost: string[];
  /** Latin words, for the typo-tolerant fallback. */
  latin: string;
  /** The query with separators removed, for model codes typed without them. */
  compact: string;
}

export function parseQuery(q: string): ParsedQuery {
  const s = normalizeText(q);
  const groups: QueryGroup[] = [];
  const boost = new Set<string>();
  for (const run of s.match(CJK_RUN) ?? []) {
    const words = run.length <= 2 ? [run] : segmenter().cut(run, false).filter((w) => CJK.test(w));
    for (const w of words) {
      if (w.length <= 2) groups.push([[w]]);
      else {
        const bigrams: string[] = [];
        for (let i = 0; i + 1 < w.length; i++) bigrams.push(w.slice(i, i + 2));
        groups.push([[w], bigrams]);
        boost.add(w);
      }
    }
  }
  const runs = latinRuns(s);
  for (const run of runs) {
    // A run matches whole, or through its pieces (typed `8.7/15` vs the document's `8.7/15kv`).
    const pieces = run.split(/[./]/).filter(Boolean);
    const alternatives: string[][] = [[run]];
    if (pieces.length > 1) alternatives.push(pieces);
    else {
      const parts = runParts(run).filter((p) => p !== run);
      if (parts.length > 1) alternatives.push(parts);
    }
    groups.push(alternatives);
  }
  return {
    groups: groups
      .map((g) => g.map((alt) => alt.map(clean).filter(Boolean)).filter((alt) => alt.length))
      .filter((g) => g.length),
    boost: [...boost].map(clean).filter(Boolean),
    latin: runs.join(' '),
    compact: s.replace(/[^a-z0-9]/g, ''),
  };
}

const quote = (t: string) => `'${t}'`;
const renderGroup = (g: QueryGroup) => `(${g.map((alt) => (alt.length === 1 ? quote(alt[0]!) : `(${alt.map(quote).join(' & ')})`)).join(' | ')})`;

/** Renders groups as a `to_tsquery('simple', …)` string: alternatives OR-ed, groups AND-ed. */
export function toTsQuery(groups: QueryGroup[]): string {
  return groups.map(renderGroup).join(' & ');
}

/** Any group may match: for ranking, where more matched groups rank higher. */
export function toTsQueryAny(groups: QueryGroup[], boost: string[] = []): string {
  return [...groups.map(renderGroup), ...boost.map(quote)].join(' | ');
}
