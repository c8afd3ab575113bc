// Ledger checks on serial logs: every log with LEDGER lines must verify
// (scripts/harness/run.ts calls ledgerProblem), and for a good boot each way
// of tampering with it must be caught (tamperedLogsRejected).
import { verifyLedger } from "../../scripts/nexus/ledger.ts";

// A case stopped once it saw what it waited for may cut the line being
// printed (cells log LEDGER lines after "nexus: ready"): judge whole lines.
function wholeLines(log: string): string {
  const serial = log.split("\n[qemu stderr]\n")[0];
  return serial.endsWith("\n") ? serial : serial.slice(0, serial.lastIndexOf("\n") + 1);
}

export function ledgerProblem(log: string): string | null {
  if (!log.includes("LEDGER ")) return null;
  try {
    verifyLedger(wholeLines(log));
    return null;
  } catch (e) {
    return `nexus ledger verify rejects the log: ${(e as Error).message ?? e}`;
  }
}

// The log with its LEDGER lines changed one way; throws if it has too few.
function tamper(log: string, how: string): string {
  const lines = log.split("\n");
  const at = lines.map((l, i) => (l.startsWith("LEDGER ") ? i : -1)).filter((i) => i >= 0);
  if (at.length < 4) throw new Error(`only ${at.length} LEDGER lines to tamper with`);
  const mid = at[2];
  const out = [...lines];
  if (how === "edited")
    out[mid] = out[mid].replace(/ (\S+) ([0-9a-f]{64})$/, (_m, r: string, h: string) => ` ${r === "ok" ? "refused" : "ok"} ${h}`);
  else if (how === "edited-time")
    out[mid] = out[mid].replace(/^LEDGER (\d+) (\d+)/, (_m, s: string, t: string) => `LEDGER ${s} ${BigInt(t) + 1n}`);
  else if (how === "dropped") out.splice(mid, 1);
  else if (how === "reordered") [out[at[1]], out[at[2]]] = [out[at[2]], out[at[1]]];
  else if (how === "inserted") out.splice(mid, 0, lines[at[1]]);
  else if (how === "dropped-tail") {
    // The last entry before a head line (cells add entries after the boot's
    // head line, and only a head line can catch a dropped last entry).
    const head = lines.map((l, i) => (/^ledger: \d+ entries, head /.test(l) ? i : -1)).filter((i) => i >= 0);
    const before = head.length > 0 ? at.filter((i) => i < head[head.length - 1]) : at;
    out.splice(before[before.length - 1], 1);
  }
  return out.join("\n");
}

const TAMPERINGS = ["edited", "edited-time", "dropped", "reordered", "inserted", "dropped-tail"];

export function tamperedLogsRejected(full: string): string | null {
  const log = wholeLines(full);
  for (const how of TAMPERINGS) {
    let bad: string;
    try {
      bad = tamper(log, how);
    } catch (e) {
      return (e as Error).message;
    }
    if (bad === log) return `tampering (${how}) changed nothing`;
    let rejected = false;
    try {
      verifyLedger(bad);
    } catch {
      rejected = true;
    }
    if (!rejected) return `nexus ledger verify accepted a log with a ${how} LEDGER line`;
  }
  return null;
}
