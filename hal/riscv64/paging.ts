// RISC-V Sv39 / Sv48 page-table entries. A and D are set up front: some cores
// (and the spec allows it) fault instead of setting them in hardware.
import { PteFormat, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_USER, PROT_GLOBAL } from "../../kernel/mm/pagetable";

const V: u64 = 1,
  R: u64 = 2,
  W: u64 = 4,
  X: u64 = 8,
  U: u64 = 16,
  G: u64 = 32,
  A: u64 = 64,
  D: u64 = 128;

export class RiscvPte extends PteFormat {
  constructor(private sv: i32) {
    super();
  } // 39 or 48
  get levels(): i32 {
    return this.sv == 48 ? 4 : 3;
  }
  get maxLeafLevel(): i32 {
    return 2;
  }
  present(pte: u64): bool {
    return (pte & V) != 0;
  }
  isLeaf(pte: u64, level: i32): bool {
    return (pte & (R | W | X)) != 0;
  }
  table(phys: u64): u64 {
    return ((phys >> 12) << 10) | V;
  }
  leaf(phys: u64, prot: u32, level: i32): u64 {
    let e = ((phys >> 12) << 10) | V | A | D | R;
    if (prot & PROT_WRITE) e |= W;
    if (prot & PROT_EXEC) e |= X;
    if (prot & PROT_USER) e |= U;
    if (prot & PROT_GLOBAL) e |= G;
    return e;
  }
  phys(pte: u64): u64 {
    return ((pte >> 10) & 0xfff_ffff_ffff) << 12;
  }
  prot(pte: u64): u32 {
    let p: u32 = 0;
    if (pte & R) p |= PROT_READ;
    if (pte & W) p |= PROT_WRITE;
    if (pte & X) p |= PROT_EXEC;
    if (pte & U) p |= PROT_USER;
    if (pte & G) p |= PROT_GLOBAL;
    return p;
  }
}
