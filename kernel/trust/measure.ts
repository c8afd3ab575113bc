// The kernel's measurement (docs/formats.md): BLAKE3 of its .text section
// followed by its .rodata section, hashed where they were loaded. Nothing
// writes to either, so a rebuild from the same commit (the build is
// reproducible) gives the same value: `nexus measure kernel.elf`.
import { imageStart, textEnd, rodataStart, rodataEnd } from "../../hal/layout";
import { ModuleReader } from "./bytes";
import { Blake3 } from "../crypto/blake3";

export function measureKernel(out: usize): u64 {
  const h = Blake3.newHash();
  let total: u64 = 0;
  for (let part: u32 = 0; part < 2; part++) {
    const start = part == 0 ? imageStart() : rodataStart();
    const size = (part == 0 ? textEnd() : rodataEnd()) - start;
    new ModuleReader(start, size).hashRange(h, 0, size);
    total += size;
  }
  h.finalize(out, 32);
  return total;
}
