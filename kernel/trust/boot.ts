// Verified boot as the kernel runs it: the ledger's first entries (boot, the
// kernel's measurement), then the initrd checked against the keys built in.
// What verified is kept for the cells that follow (trustedBundles).
import { BootInfo, BootModule } from "../../boot/bootinfo";
import { println } from "../console";
import { nowNs } from "../cpu/time";
import { trustedKey, initrdMinVersion } from "./keys";
import { load32 } from "../../hal/memory";
import { bytes, ptr, hexOf, ModuleReader } from "./bytes";
import { ledger } from "./ledger";
import { measureKernel } from "./measure";
import { TrustLog } from "./refusal";
import { verifyInitrd, keyId, Verification } from "./verify";

const NXIR: u32 = 0x5249584e; // "NXIR" read as a little-endian u32

// Append to the ledger and print the entry's line.
export function record(event: string, subject: usize, result: string): void {
  println(ledger.append(nowNs(), event, subject, result).line());
}

class ConsoleTrustLog extends TrustLog {
  event(event: string, subject: usize, result: string, message: string): void {
    println("trust: " + message);
    record(event, subject, result);
  }
}

export let verification: Verification = new Verification();

function trustedKeys(): Array<StaticArray<u8>> {
  const keys = new Array<StaticArray<u8>>();
  for (let i: u32 = 0; ; i++) {
    const k = bytes(32);
    if (trustedKey(i, ptr(k)) == 0) break;
    keys.push(k);
  }
  return keys;
}

// The initrd: the first module that starts with its magic, else the first
// module (which will then be refused with the reason).
function findInitrd(info: BootInfo): BootModule | null {
  for (let i = 0; i < info.modules.length; i++) {
    const m = info.modules[i];
    if (m.size >= 4 && load32(info.hhdm + m.phys) == NXIR) return m;
  }
  return info.modules.length > 0 ? info.modules[0] : null;
}

export function verifiedBoot(info: BootInfo): void {
  record("boot", 0, info.protocol);
  const measurement = bytes(32);
  const measured = measureKernel(ptr(measurement));
  println("trust: kernel measurement " + hexOf(ptr(measurement), 32) + " (" + measured.toString() + " bytes of .text and .rodata)");
  record("kernel", ptr(measurement), "measured");
  const keys = trustedKeys();
  let ids = "";
  for (let i = 0; i < keys.length; i++) ids += (i > 0 ? ", " : "") + keyId(keys[i]);
  println("trust: " + keys.length.toString() + " trusted key(s): " + ids + "; initrd minimum version " + initrdMinVersion().toString());
  const m = findInitrd(info);
  if (m === null) {
    println("trust: no initrd module: nothing to verify");
    record("initrd", 0, "no-initrd");
  } else {
    verification = verifyInitrd(new ModuleReader(info.hhdm + m.phys, m.size), keys, initrdMinVersion(), new ConsoleTrustLog());
    println("trust: " + verification.bundles.length.toString() + " bundle(s) verified, " + verification.refused.toString() + " refused");
  }
  println(ledger.summary());
}
