// The initrd manifest's Merkle root over its entries' content IDs
// (docs/formats.md): leaf BLAKE3(0x00 || cid), parent BLAKE3(0x01 || l || r),
// an odd node carried up unchanged, no entries = 32 zero bytes.
import { bytes, ptr } from "./bytes";
import { blake3 } from "../crypto/blake3";

export function merkleRoot(cids: Array<StaticArray<u8>>, out: usize): void {
  memory.fill(out, 0, 32);
  if (cids.length == 0) return;
  let level = new Array<StaticArray<u8>>();
  const buf = bytes(65);
  for (let i = 0; i < cids.length; i++) {
    store<u8>(ptr(buf), 0);
    memory.copy(ptr(buf) + 1, ptr(cids[i]), 32);
    const leaf = bytes(32);
    blake3(ptr(buf), 33, ptr(leaf));
    level.push(leaf);
  }
  while (level.length > 1) {
    const next = new Array<StaticArray<u8>>();
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 == level.length) {
        next.push(level[i]);
        break;
      }
      store<u8>(ptr(buf), 1);
      memory.copy(ptr(buf) + 1, ptr(level[i]), 32);
      memory.copy(ptr(buf) + 33, ptr(level[i + 1]), 32);
      const parent = bytes(32);
      blake3(ptr(buf), 65, ptr(parent));
      next.push(parent);
    }
    level = next;
  }
  memory.copy(out, ptr(level[0]), 32);
}
