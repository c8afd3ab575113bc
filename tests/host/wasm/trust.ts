// Host-test entry for verified boot and the ledger: JS maps an initrd into the
// fake memory, hands in the trusted keys, and reads back what the kernel's own
// verification code logged, line by line.
import { ModuleReader, bytes, ptr, hexOf } from "../../../kernel/trust/bytes";
import { TrustLog } from "../../../kernel/trust/refusal";
import { verifyInitrd } from "../../../kernel/trust/verify";
import { Ledger } from "../../../kernel/trust/ledger";

const scratchBuf = bytes(65536);
export function scratch(): usize {
  return ptr(scratchBuf);
}

let keys = new Array<StaticArray<u8>>();
export function clearKeys(): void {
  keys = new Array<StaticArray<u8>>();
}
// A trusted key from the first 32 bytes of the scratch buffer.
export function addKey(): void {
  const k = bytes(32);
  memory.copy(ptr(k), ptr(scratchBuf), 32);
  keys.push(k);
}

class ListLog extends TrustLog {
  lines: string = "";
  event(event: string, subject: usize, result: string, message: string): void {
    this.lines += event + " " + hexOf(subject, 32) + " " + result + " | " + message + "\n";
  }
}

// Each logged event as "event subject result | message", then a summary line
// "verified N refused M bundles name,name".
export function verify(base: u64, size: u64, minVersion: u64): string {
  const log = new ListLog();
  const v = verifyInitrd(new ModuleReader(base, size), keys, minVersion, log);
  let names = "";
  for (let i = 0; i < v.bundles.length; i++) names += (i > 0 ? "," : "") + v.bundles[i].bundle.name;
  return log.lines + "verified " + v.bundles.length.toString() + " refused " + v.refused.toString() + " bundles " + names;
}

let ledger = new Ledger();
export function ledgerReset(): void {
  ledger = new Ledger();
}
// Append with the subject from the scratch buffer's first 32 bytes (or none).
export function ledgerAppend(time: u64, event: string, withSubject: bool, result: string): string {
  return ledger.append(time, event, withSubject ? ptr(scratchBuf) : 0, result).line();
}
export function ledgerSummary(): string {
  return ledger.summary();
}
