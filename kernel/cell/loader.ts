// Loading a verified cell image: parse and check its ELF (kernel/cell/elf.ts),
// then give each segment fresh frames with the file's bytes and zeroes after
// them, mapped with exactly the segment's rights (never write and execute).
import { FRAME } from "../mm/frames";
import { copyBytes } from "../../hal/memory";
import { TrustedBundle } from "../trust/verify";
import { parseElf, elfError } from "./elf";
import { AddressSpace } from "./addrspace";
import { IMAGE_BASE, IMAGE_END, STACK_TOP, STACK_PAGES } from "../../abi/memory";
import { PROT_READ, PROT_WRITE } from "../mm/pagetable";

export let loadError: string = "";

// Fill `space` from the image; returns the entry point, or 0 with loadError set.
export function loadImage(space: AddressSpace, image: TrustedBundle, machine: u32): u64 {
  const b = image.bundle;
  const elf = parseElf(image.module, b.payloadOff, b.payloadLen, machine);
  if (elf === null) {
    loadError = elfError;
    return 0;
  }
  for (let i = 0; i < elf.segments.length; i++) {
    const s = elf.segments[i];
    const first = s.vaddr & ~(FRAME - 1);
    const pages = (s.vaddr + s.memsz - first + FRAME - 1) / FRAME;
    const r = space.mapAnon(first, pages, s.prot, IMAGE_BASE, IMAGE_END);
    if (r != 0) {
      loadError = "cannot map segment at 0x" + s.vaddr.toString(16) + " (error " + r.toString() + ")";
      return 0;
    }
    const m = space.mappings[space.mappings.length - 1];
    // The file's bytes, page by page, into the frames (zeroed already).
    const src = image.module.base + b.payloadOff + s.fileOff;
    let done: u64 = 0;
    while (done < s.fileSz) {
      const va = s.vaddr + done;
      const page = <i32>((va - first) / FRAME);
      const n = min<u64>(s.fileSz - done, FRAME - (va & (FRAME - 1)));
      copyBytes(space.pt.hhdm + m.frames[page] + (va & (FRAME - 1)), src + done, n);
      done += n;
    }
  }
  const r = space.mapAnon(STACK_TOP - STACK_PAGES * FRAME, STACK_PAGES, PROT_READ | PROT_WRITE, STACK_TOP - (1 << 20), STACK_TOP);
  if (r != 0) {
    loadError = "cannot map the stack (error " + r.toString() + ")";
    return 0;
  }
  return elf.entry;
}
