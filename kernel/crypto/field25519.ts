// Arithmetic in the field of integers mod p = 2^255 - 19, for Ed25519.
//
// wasm has no 64x64->128 multiply, so an element is ten signed limbs of 26 and
// 25 bits alternately (radix 2^25.5): value = sum of h[i] * 2^ceil(25.5 i),
// each limb an i64 so that products of limbs and their sums fit in i64.
// An element is 80 bytes of linear memory; every function takes pointers
// (`out` may alias an input) and allocates nothing.
//
// Bounds. A "carried" element (the output of feMul, feSq, feCarry,
// feFromBytes) has limbs in [0, 2^26) give or take a little. feAdd and feSub
// do not carry: a sum or difference of two carried elements (|limb| < 2^27)
// may go into feMul, and so may a sum of three if the other factor is
// carried; anything larger must go through feCarry first. (Worst output
// coefficient: 267 products, 267 * 2^27 * 2^27 < 2^63.)

@inline export const FE: usize = 80;

const pad = memory.data(40);      // feFromBytes: 32 bytes, zero-padded for 8-byte loads
const bytesA = memory.data(32);   // feEqual, feIsNegative, feIsZero
const bytesB = memory.data(32);
const t0 = memory.data(80);       // feInvert, fePow22523
const t1 = memory.data(80);
const t2 = memory.data(80);
const t3 = memory.data(80);
const limbs = memory.data(80);   // feToBytes

// Propagate carries and store; limbs come out in range (h0..h8 floor-carried,
// the top carry wrapped round as 19 times, h0 carried once more).
@inline function carryStore(h: usize, h0: i64, h1: i64, h2: i64, h3: i64, h4: i64,
                            h5: i64, h6: i64, h7: i64, h8: i64, h9: i64): void {
  let c: i64;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  c = h1 >> 25; h2 += c; h1 -= c << 25;
  c = h2 >> 26; h3 += c; h2 -= c << 26;
  c = h3 >> 25; h4 += c; h3 -= c << 25;
  c = h4 >> 26; h5 += c; h4 -= c << 26;
  c = h5 >> 25; h6 += c; h5 -= c << 25;
  c = h6 >> 26; h7 += c; h6 -= c << 26;
  c = h7 >> 25; h8 += c; h7 -= c << 25;
  c = h8 >> 26; h9 += c; h8 -= c << 26;
  c = h9 >> 25; h0 += c * 19; h9 -= c << 25;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0); store<i64>(h, h1, 8); store<i64>(h, h2, 16); store<i64>(h, h3, 24);
  store<i64>(h, h4, 32); store<i64>(h, h5, 40); store<i64>(h, h6, 48); store<i64>(h, h7, 56);
  store<i64>(h, h8, 64); store<i64>(h, h9, 72);
}

// h = f * g. A product f[i] g[j] sits at 2^(pos i + pos j), which is
// 2^pos(i+j) times 2 when i and j are both odd; past 2^255 it wraps round as
// 19 times (2^255 = 19 mod p).
export function feMul(h: usize, f: usize, g: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const g0 = load<i64>(g, 0), g1 = load<i64>(g, 8), g2 = load<i64>(g, 16), g3 = load<i64>(g, 24), g4 = load<i64>(g, 32);
  const g5 = load<i64>(g, 40), g6 = load<i64>(g, 48), g7 = load<i64>(g, 56), g8 = load<i64>(g, 64), g9 = load<i64>(g, 72);
  const f1_2 = f1 << 1, f3_2 = f3 << 1, f5_2 = f5 << 1, f7_2 = f7 << 1, f9_2 = f9 << 1;
  const g1_19 = g1 * 19, g2_19 = g2 * 19, g3_19 = g3 * 19, g4_19 = g4 * 19, g5_19 = g5 * 19;
  const g6_19 = g6 * 19, g7_19 = g7 * 19, g8_19 = g8 * 19, g9_19 = g9 * 19;
  const h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  const h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  const h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  const h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  const h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  const h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  const h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  const h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  const h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  const h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

// h = f^2: the products of feMul with each pair i != j counted once, doubled.
export function feSq(h: usize, f: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const f0_2 = f0 << 1, f1_2 = f1 << 1, f2_2 = f2 << 1, f3_2 = f3 << 1, f4_2 = f4 << 1;
  const f5_2 = f5 << 1, f6_2 = f6 << 1, f7_2 = f7 << 1;
  const f5_38 = f5 * 38, f6_19 = f6 * 19, f7_38 = f7 * 38, f8_19 = f8 * 19, f9_38 = f9 * 38;
  const h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
  const h1 = f0_2 * f1 + f2 * f9_38 + f3_2 * f8_19 + f4 * f7_38 + f5_2 * f6_19;
  const h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  const h3 = f0_2 * f3 + f1_2 * f2 + f4 * f9_38 + f5_2 * f8_19 + f6 * f7_38;
  const h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
  const h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6 * f9_38 + f7_2 * f8_19;
  const h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  const h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8 * f9_38;
  const h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
  const h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

// h = f^(2^n), n >= 1.
export function feSqN(h: usize, f: usize, n: i32): void {
  feSq(h, f);
  for (let i = 1; i < n; i++) feSq(h, h);
}

export function feAdd(h: usize, f: usize, g: usize): void {
  for (let i: usize = 0; i < 80; i += 8) store<i64>(h + i, load<i64>(f + i) + load<i64>(g + i));
}

export function feSub(h: usize, f: usize, g: usize): void {
  for (let i: usize = 0; i < 80; i += 8) store<i64>(h + i, load<i64>(f + i) - load<i64>(g + i));
}

export function feNeg(h: usize, f: usize): void {
  for (let i: usize = 0; i < 80; i += 8) store<i64>(h + i, -load<i64>(f + i));
}

export function feCarry(h: usize): void {
  carryStore(h, load<i64>(h, 0), load<i64>(h, 8), load<i64>(h, 16), load<i64>(h, 24), load<i64>(h, 32),
    load<i64>(h, 40), load<i64>(h, 48), load<i64>(h, 56), load<i64>(h, 64), load<i64>(h, 72));
}

export function feCopy(h: usize, f: usize): void { memory.copy(h, f, 80); }
export function feZero(h: usize): void { memory.fill(h, 0, 80); }
export function feOne(h: usize): void { memory.fill(h, 0, 80); store<i64>(h, 1); }

// The bit position and width of limb i.
@inline function limbPos(i: i32): u32 { return <u32>((51 * i + 1) >> 1); }
@inline function limbBits(i: i32): u32 { return (i & 1) ? 25 : 26; }

// 32 little-endian bytes; bit 255 is ignored (the caller checks it and y < p).
export function feFromBytes(h: usize, s: usize): void {
  memory.copy(pad, s, 32);
  store<u64>(pad + 32, 0);
  for (let i = 0; i < 10; i++) {
    const pos = limbPos(i);
    const v = load<u64>(pad + (pos >> 3)) >> (pos & 7);
    store<i64>(h + (<usize>i << 3), <i64>(v & ((<u64>1 << limbBits(i)) - 1)));
  }
}

// The canonical encoding (value mod p, in [0, p)), 32 little-endian bytes.
export function feToBytes(s: usize, f: usize): void {
  const h = limbs;
  memory.copy(h, f, 80);
  // Two passes of floor carries with the top carry wrapped round: after the
  // second, every limb is in range and the value is in [0, 2^255).
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < 9; i++) {
      const bits = limbBits(i);
      const v = load<i64>(h + (<usize>i << 3));
      const c = v >> bits;
      store<i64>(h + (<usize>i << 3), v - (c << bits));
      store<i64>(h + (<usize>(i + 1) << 3), load<i64>(h + (<usize>(i + 1) << 3)) + c);
    }
    const v9 = load<i64>(h, 72);
    const c9 = v9 >> 25;
    store<i64>(h, v9 - (c9 << 25), 72);
    store<i64>(h, load<i64>(h, 0) + 19 * c9, 0);
  }
  // q = 1 if value >= p, i.e. value + 19 >= 2^255; then subtract p as
  // "add 19, drop bit 255".
  let q: i64 = (load<i64>(h, 0) + 19) >> 26;
  for (let i = 1; i < 10; i++) q = (load<i64>(h + (<usize>i << 3)) + q) >> limbBits(i);
  store<i64>(h, load<i64>(h, 0) + 19 * q, 0);
  for (let i = 0; i < 9; i++) {
    const bits = limbBits(i);
    const v = load<i64>(h + (<usize>i << 3));
    const c = v >> bits;
    store<i64>(h + (<usize>i << 3), v - (c << bits));
    store<i64>(h + (<usize>(i + 1) << 3), load<i64>(h + (<usize>(i + 1) << 3)) + c);
  }
  store<i64>(h, load<i64>(h, 72) & ((1 << 25) - 1), 72);
  // Pack the limbs' bits, low first.
  let acc: u64 = 0, accBits: u32 = 0, o: usize = 0;
  for (let i = 0; i < 10; i++) {
    acc |= <u64>load<i64>(h + (<usize>i << 3)) << accBits;
    accBits += limbBits(i);
    while (accBits >= 8) { store<u8>(s + o++, <u8>acc); acc >>= 8; accBits -= 8; }
  }
  if (accBits > 0) store<u8>(s + o, <u8>acc);
}

export function feEqual(f: usize, g: usize): bool {
  feToBytes(bytesA, f);
  feToBytes(bytesB, g);
  return memory.compare(bytesA, bytesB, 32) == 0;
}

export function feIsZero(f: usize): bool {
  feToBytes(bytesA, f);
  return load<u64>(bytesA) == 0 && load<u64>(bytesA, 8) == 0 && load<u64>(bytesA, 16) == 0 && load<u64>(bytesA, 24) == 0;
}

// The low bit of the canonical value ("negative" in RFC 8032's sense).
export function feIsNegative(f: usize): i32 {
  feToBytes(bytesA, f);
  return load<u8>(bytesA) & 1;
}

// t1 = z^(2^250 - 1), t0 = z^11: the common start of both exponentiations.
function pow2250(z: usize): void {
  feSq(t0, z);              // z^2
  feSqN(t1, t0, 2);         // z^8
  feMul(t1, z, t1);         // z^9
  feMul(t0, t0, t1);        // z^11
  feSq(t2, t0);             // z^22
  feMul(t1, t1, t2);        // z^(2^5 - 1)
  feSqN(t2, t1, 5);
  feMul(t1, t2, t1);        // 2^10 - 1
  feSqN(t2, t1, 10);
  feMul(t2, t2, t1);        // 2^20 - 1
  feSqN(t3, t2, 20);
  feMul(t2, t3, t2);        // 2^40 - 1
  feSqN(t2, t2, 10);
  feMul(t1, t2, t1);        // 2^50 - 1
  feSqN(t2, t1, 50);
  feMul(t2, t2, t1);        // 2^100 - 1
  feSqN(t3, t2, 100);
  feMul(t2, t3, t2);        // 2^200 - 1
  feSqN(t2, t2, 50);
  feMul(t1, t2, t1);        // 2^250 - 1
}

// out = z^(p - 2) = 1/z (0 for z = 0).
export function feInvert(out: usize, z: usize): void {
  pow2250(z);
  feSqN(t1, t1, 5);         // 2^255 - 32
  feMul(out, t1, t0);       // 2^255 - 21 = p - 2
}

// out = z^((p - 5) / 8) = z^(2^252 - 3), for square roots.
export function fePow22523(out: usize, z: usize): void {
  pow2250(z);
  feSqN(t1, t1, 2);         // 2^252 - 4
  feMul(out, t1, z);        // 2^252 - 3
}
