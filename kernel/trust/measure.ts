// The kernel's measurement (docs/formats.md): BLAKE3 of its .text section
// followed by its .rodata section, hashed where they were loaded. Nothing
// writes to either, so a rebuild from the same commit (the build is
// reproducible) gives the same value: `nexus measure kernel.elf`.
import { kernelLayout, copyIn } from "../../hal/hal";
import { bytes, ptr } from "./bytes";
import { Blake3 } from "../crypto/blake3";

export function measureKernel(out: usize): u64 {
  const h = Blake3.newHash();
  const chunk = bytes(65536);
  let total: u64 = 0;
  for (let part: u32 = 0; part < 2; part++) {
    const start = kernelLayout(part == 0 ? 0 : 2);
    const end = kernelLayout(part == 0 ? 1 : 7);
    for (let a = start; a < end; ) {
      const n = <u32>min<u64>(65536, end - a);
      copyIn(ptr(chunk), a, n);
      h.update(ptr(chunk), n);
      a += n;
    }
    total += end - start;
  }
  h.finalize(out, 32);
  return total;
}
