// Host-test entry for the ELF parser: JS places a file in the fake memory and
// reads back what parseElf made of it, as one line of text.
import { ModuleReader } from "../../../kernel/trust/bytes";
import { parseElf, elfError } from "../../../kernel/cell/elf";
import { PROT_READ, PROT_WRITE, PROT_EXEC } from "../../../kernel/mm/pagetable";
import { gcCollect, gcSetThreshold, gcLiveBytes } from "../../../kernel/heap/gc";

// The file at [off, off + len) of a module at [base, base + size), for
// `machine`: "ok entry=0x.. 0xVADDR:0xMEMSZ:0xOFF:0xFILESZ:rwx ..." (segments
// in the order returned) or elfError.
export function parse(base: u64, size: u64, off: u64, len: u64, machine: u32): string {
  const img = parseElf(new ModuleReader(base, size), off, len, machine);
  if (img === null) return elfError;
  let s = "ok entry=0x" + img.entry.toString(16);
  for (let i = 0; i < img.segments.length; i++) {
    const g = img.segments[i];
    s +=
      " 0x" +
      g.vaddr.toString(16) +
      ":0x" +
      g.memsz.toString(16) +
      ":0x" +
      g.fileOff.toString(16) +
      ":0x" +
      g.fileSz.toString(16) +
      ":" +
      ((g.prot & PROT_READ) != 0 ? "r" : "-") +
      ((g.prot & PROT_WRITE) != 0 ? "w" : "-") +
      ((g.prot & PROT_EXEC) != 0 ? "x" : "-") +
      ((g.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0 ? "?" : "");
  }
  return s;
}

// For the leak check and for parsing with a collection at every allocation.
export function collect(): void {
  gcCollect();
}
export function liveBytes(): u32 {
  return <u32>gcLiveBytes();
}
export function setThreshold(bytes: u32): void {
  gcSetThreshold(bytes);
}
