// Pure pieces of the harness, host-tested in tests/host/harness.test.ts:
// cleaning a serial log, matching ordered patterns, reading ktest lines.

// Firmware and Limine paint the screen with ANSI/VT100 sequences before the
// kernel's first line; drop them (CSI, OSC, two-byte ESC sequences) and CRs.
export function stripAnsi(s: string): string {
  return s
    .replace(/\x1b\[[0-9;?<=>]*[ -\/]*[@-~]/g, "")
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
    .replace(/\x1b[()][0-9A-Za-z]/g, "")
    .replace(/\x1b[@-Z\\-_=>c78]/g, "")
    .replace(/\r/g, "");
}

export type Pattern = string | RegExp;

export function describe(p: Pattern): string {
  return typeof p === "string" ? JSON.stringify(p) : p.toString();
}

// Where `p` first matches in `text` at or after `from`: [start, end] or null.
export function find(text: string, p: Pattern, from: number): [number, number] | null {
  if (typeof p === "string") {
    const i = text.indexOf(p, from);
    return i < 0 ? null : [i, i + p.length];
  }
  const re = new RegExp(p.source, p.flags.replace("g", "") + "g");
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? [m.index, m.index + m[0].length] : null;
}

// How many of `patterns` match in order; the end offset of the last match.
export function matchOrdered(text: string, patterns: Pattern[]): { matched: number; end: number } {
  let pos = 0;
  for (let i = 0; i < patterns.length; i++) {
    const m = find(text, patterns[i], pos);
    if (!m) return { matched: i, end: pos };
    pos = m[1];
  }
  return { matched: patterns.length, end: pos };
}

export interface KtestLine {
  ok: boolean;
  n: number;
  name: string;
  detail: string;
}
export interface KtestReport {
  tests: KtestLine[];
  summary: { passed: number; failed: number } | null;
}

// `ok N - name` / `not ok N - name` (with `# detail` lines after a failure) and
// the closing `ktest: N passed, M failed`.
export function parseKtest(text: string): KtestReport {
  const tests: KtestLine[] = [];
  let summary: KtestReport["summary"] = null;
  for (const line of text.split("\n")) {
    const t = /^(not ok|ok) (\d+) - (.*)$/.exec(line);
    if (t) {
      tests.push({ ok: t[1] === "ok", n: Number(t[2]), name: t[3].trim(), detail: "" });
      continue;
    }
    const d = /^# (.*)$/.exec(line);
    if (d && tests.length > 0) {
      tests[tests.length - 1].detail += d[1];
      continue;
    }
    const s = /^ktest: (\d+) passed, (\d+) failed$/.exec(line);
    if (s) summary = { passed: Number(s[1]), failed: Number(s[2]) };
  }
  return { tests, summary };
}
