// The initrd manifest's Merkle root over its entries' content IDs
// (docs/formats.md, "Merkle root"), and inclusion proofs against it.
import { blake3, equalBytes } from "./bytes.ts";

const leaf = (cid: Uint8Array) => blake3(Uint8Array.of(0), cid);
const parent = (l: Uint8Array, r: Uint8Array) => blake3(Uint8Array.of(1), l, r);

function nextLevel(level: Uint8Array[]): Uint8Array[] {
  const up: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) up.push(parent(level[i], level[i + 1]));
  if (level.length % 2) up.push(level[level.length - 1]); // odd: carried up unchanged
  return up;
}

export function merkleRoot(cids: Uint8Array[]): Uint8Array {
  if (cids.length === 0) return new Uint8Array(32);
  let level = cids.map(leaf);
  while (level.length > 1) level = nextLevel(level);
  return level[0];
}

// The sibling hashes from leaf `index` up to the root; a carried node has no
// sibling at that level and adds nothing.
export interface ProofStep {
  sibling: Uint8Array;
  left: boolean; // the sibling is on the left
}

export function merkleProof(cids: Uint8Array[], index: number): ProofStep[] {
  const steps: ProofStep[] = [];
  let level = cids.map(leaf);
  while (level.length > 1) {
    const sib = index ^ 1;
    if (sib < level.length) steps.push({ sibling: level[sib], left: sib < index });
    level = nextLevel(level);
    index >>= 1;
  }
  return steps;
}

export function checkProof(cid: Uint8Array, steps: ProofStep[], root: Uint8Array): boolean {
  let h = leaf(cid);
  for (const s of steps) h = s.left ? parent(s.sibling, h) : parent(h, s.sibling);
  return equalBytes(h, root);
}
