// x86_64 4-level page-table entries. No 1 GiB pages: QEMU's default CPU lacks them.
import { PteFormat, PROT_WRITE, PROT_EXEC, PROT_USER, PROT_GLOBAL, PROT_READ } from "../../kernel/mm/pagetable";

const P: u64 = 1,
  W: u64 = 2,
  U: u64 = 4,
  A: u64 = 32,
  D: u64 = 64,
  PS: u64 = 128,
  G: u64 = 256;
const NX: u64 = 1 << 63;
const ADDR: u64 = 0x000f_ffff_ffff_f000;

export class X86Pte extends PteFormat {
  get levels(): i32 {
    return 4;
  }
  get maxLeafLevel(): i32 {
    return 1;
  }
  present(pte: u64): bool {
    return (pte & P) != 0;
  }
  isLeaf(pte: u64, level: i32): bool {
    return level == 0 || (pte & PS) != 0;
  }
  // Tables grant everything; leaves decide.
  table(phys: u64): u64 {
    return phys | P | W | U;
  }
  leaf(phys: u64, prot: u32, level: i32): u64 {
    let e = phys | P | A | D;
    if (prot & PROT_WRITE) e |= W;
    if (prot & PROT_USER) e |= U;
    if (prot & PROT_GLOBAL) e |= G;
    if ((prot & PROT_EXEC) == 0) e |= NX;
    if (level > 0) e |= PS;
    return e;
  }
  phys(pte: u64): u64 {
    return pte & ADDR & ~(((<u64>1) << 12) - 1);
  }
  prot(pte: u64): u32 {
    let p = PROT_READ;
    if (pte & W) p |= PROT_WRITE;
    if ((pte & NX) == 0) p |= PROT_EXEC;
    if (pte & U) p |= PROT_USER;
    if (pte & G) p |= PROT_GLOBAL;
    return p;
  }
}
