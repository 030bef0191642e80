/** Test helper (never imported by the server): GBK bytes for a text, as Chinese banks export statements. */

let table: Map<string, number[]> | null = null;

/** Encodes text as GBK with a reverse table built from the platform's own GBK decoder. */
export function encodeGbk(text: string): Uint8Array {
  if (!table) {
    const decoder = new TextDecoder('gbk');
    const built = new Map<string, number[]>();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !built.has(ch)) built.set(ch, [lead, trail]);
      }
    }
    table = built;
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
