// Ed25519 signature verification (RFC 8032 section 5.1.7), nothing else: the
// kernel never signs and never holds a private key. Every input here (public
// key, message, signature) is public, so nothing needs to run in constant
// time and the code branches on data freely.
//
// Choices (docs/formats.md, "Ed25519 verification choices"):
// - Cofactorless: accept iff the encoding of [S]B - [k]A equals the 32 bytes
//   of R, k = SHA-512(R || A || M) mod L. For a canonical R that is exactly
//   the group equation [S]B = R + [k]A, which RFC 8032 5.1.7 allows (the
//   cofactored [8][S]B = [8]R + [8][k]A differs only when R or A has a
//   torsion part, which an honest signer's never has). It meets every
//   Wycheproof expectation and needs no extra multiplications.
// - S must be canonical, S < L (else code 3).
// - A and R are decoded strictly per RFC 8032 5.1.3: y >= p is refused, as is
//   an x that does not exist or x = 0 with the sign bit set (codes 1 and 2).
// - A public key of small order ([8]A = 0: one of the 8 torsion points) is
//   refused (code 5), as libsodium and noble's strict mode do: with such a
//   key, R = 0 and S = 0 "verify" any message. A small-order R is left to the
//   equation (an honest signer's R never is one).
//
// Static scratch throughout (points, tables, the hash state): not reentrant,
// called under the kernel's one lock. No managed allocation.

import {
  FE, feMul, feSq, feAdd, feSub, feNeg, feCarry, feOne, feZero, feFromBytes, feToBytes,
  feEqual, feIsZero, feIsNegative, feInvert, fePow22523,
} from "./field25519";
import { SHA512_STATE_BYTES, sha512Init, sha512Update, sha512Finalize } from "./sha512";

export const ED25519_OK: i32 = 0;
export const ED25519_BAD_PUBLIC_KEY: i32 = 1;
export const ED25519_BAD_R: i32 = 2;
export const ED25519_S_NOT_CANONICAL: i32 = 3;
export const ED25519_BAD_SIGNATURE: i32 = 4;
export const ED25519_SMALL_ORDER_KEY: i32 = 5;

export function ed25519ErrorText(code: i32): string {
  switch (code) {
    case ED25519_OK: return "ok";
    case ED25519_BAD_PUBLIC_KEY: return "public key is not a valid point encoding";
    case ED25519_BAD_R: return "signature R is not a valid point encoding";
    case ED25519_S_NOT_CANONICAL: return "signature S is not canonical (S >= L)";
    case ED25519_BAD_SIGNATURE: return "signature does not verify";
    case ED25519_SMALL_ORDER_KEY: return "public key has small order";
  }
  return "unknown Ed25519 error";
}

// A point is four field elements. Extended (P3): x = X/Z, y = Y/Z, xy = T/Z.
// Completed (P1P1): x = X/Z, y = Y/T. Cached, for additions: Y+X, Y-X, 2Z, 2dT.
@inline const PX: usize = 0;
@inline const PY: usize = FE;
@inline const PZ: usize = 2 * FE;
@inline const PT: usize = 3 * FE;
@inline const POINT: usize = 4 * FE;
@inline const TABLE: i32 = 8; // odd multiples 1, 3, ..., 15

// Constants, computed on first use.
let ready = false;
const D = memory.data(<i32>FE);       // d = -121665/121666
const D2 = memory.data(<i32>FE);      // 2d
const SQRTM1 = memory.data(<i32>FE);  // sqrt(-1) = 2^((p-1)/4)
const baseTable = memory.data(<i32>POINT * TABLE);
const BASE_ENC = memory.data<u8>([     // B: y = 4/5, x even
  0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
]);
// L = 2^252 + 27742317777372353535851937790883648493, little-endian u64 words.
const ORDER = memory.data<u64>([0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000]);

// Scratch.
const pointA = memory.data(<i32>POINT);
const pointR = memory.data(<i32>POINT);
const acc = memory.data(<i32>POINT);        // running sum (P2/P3)
const sum = memory.data(<i32>POINT);        // P1P1
const tmp = memory.data(<i32>POINT);        // P3
const tmpCached = memory.data(<i32>POINT);
const keyTable = memory.data(<i32>POINT * TABLE);
const f0 = memory.data(<i32>FE), f1 = memory.data(<i32>FE), f2 = memory.data(<i32>FE);
const f3 = memory.data(<i32>FE), f4 = memory.data(<i32>FE), f5 = memory.data(<i32>FE);
const nafS = memory.data(256);
const nafK = memory.data(256);
const hashState = memory.data(SHA512_STATE_BYTES);
const digest = memory.data(64);
const scalarK = memory.data(32);
const encoded = memory.data(32);

// ---- points -------------------------------------------------------------------

// r (P1P1) = 2p, p in P2 or P3 (T unused). With A = X^2, B = Y^2, C = 2Z^2:
// E = (X+Y)^2 - A - B, G = B - A, F = G - C, H = -A - B, and 2p is
// X = E*F, Y = G*H, Z = F*G, T = E*H. As P1P1: X = E, Y = H, Z = G, T = F.
function dbl(r: usize, p: usize): void {
  feSq(f0, p + PX);                     // A
  feSq(f1, p + PY);                     // B
  feSq(f2, p + PZ);
  feAdd(f2, f2, f2);                    // C
  feAdd(f3, p + PX, p + PY);
  feSq(f3, f3);                         // (X+Y)^2
  feAdd(f4, f0, f1);                    // A + B
  feSub(r + PZ, f1, f0);                // G
  feNeg(r + PY, f4);                    // H
  feSub(r + PX, f3, f4); feCarry(r + PX); // E
  feSub(r + PT, r + PZ, f2); feCarry(r + PT); // F
}

// P1P1 -> P3: X = X*T, Y = Y*Z, Z = Z*T, T = X*Y.
function toP3(r: usize, p: usize): void {
  feMul(r + PX, p + PX, p + PT);
  feMul(r + PY, p + PY, p + PZ);
  feMul(r + PZ, p + PZ, p + PT);
  feMul(r + PT, p + PX, p + PY);
}

// P1P1 -> P2 (T left stale).
function toP2(r: usize, p: usize): void {
  feMul(r + PX, p + PX, p + PT);
  feMul(r + PY, p + PY, p + PZ);
  feMul(r + PZ, p + PZ, p + PT);
}

function toCached(c: usize, p: usize): void {
  feAdd(c + PX, p + PY, p + PX); feCarry(c + PX);
  feSub(c + PY, p + PY, p + PX); feCarry(c + PY);
  feAdd(c + PZ, p + PZ, p + PZ); feCarry(c + PZ);
  feMul(c + PT, p + PT, D2);
}

// r (P1P1) = p (P3) + q (cached), or p - q when neg. With
// A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1 2d T2, D = Z1 2 Z2:
// E = B - A, F = D - C, G = D + C, H = B + A, result E*F, G*H, F*G, E*H.
// Subtracting swaps Y2+X2 with Y2-X2 and negates C.
function addCached(r: usize, p: usize, q: usize, neg: bool): void {
  feAdd(f0, p + PY, p + PX);
  feSub(f1, p + PY, p + PX);
  feMul(f0, f0, q + (neg ? PY : PX));   // B
  feMul(f1, f1, q + (neg ? PX : PY));   // A
  feMul(f2, p + PT, q + PT);            // C (negated when neg)
  feMul(f3, p + PZ, q + PZ);            // D
  feSub(r + PX, f0, f1);                // E
  feAdd(r + PY, f0, f1);                // H
  if (neg) {
    feAdd(r + PT, f3, f2);              // F
    feSub(r + PZ, f3, f2);              // G
  } else {
    feSub(r + PT, f3, f2);
    feAdd(r + PZ, f3, f2);
  }
}

// RFC 8032 5.1.3. False for y >= p, no square root, or x = 0 with sign 1.
function decodePoint(p: usize, s: usize): bool {
  // y >= p: the 255-bit value is 2^255 - 19 .. 2^255 - 1.
  if (load<u8>(s) >= 0xed && (load<u8>(s, 31) & 0x7f) == 0x7f) {
    let all = true;
    for (let i: usize = 1; i < 31; i++) if (load<u8>(s + i) != 0xff) { all = false; break; }
    if (all) return false;
  }
  const sign = <i32>(load<u8>(s, 31) >> 7);
  const y = p + PY, x = p + PX;
  feFromBytes(y, s);
  feOne(p + PZ);
  feSq(f0, y);                          // y^2
  feSub(f1, f0, p + PZ); feCarry(f1);   // u = y^2 - 1
  feMul(f2, f0, D);
  feAdd(f2, f2, p + PZ); feCarry(f2);   // v = d y^2 + 1
  feSq(f3, f2);
  feMul(f3, f3, f2);                    // v^3
  feSq(f4, f3);
  feMul(f4, f4, f2);
  feMul(f4, f4, f1);                    // u v^7
  fePow22523(f4, f4);
  feMul(f4, f4, f3);
  feMul(x, f4, f1);                     // x = u v^3 (u v^7)^((p-5)/8)
  feSq(f5, x);
  feMul(f5, f5, f2);                    // v x^2
  if (!feEqual(f5, f1)) {
    feAdd(f5, f5, f1);
    if (!feIsZero(f5)) return false;    // neither u nor -u: not a square
    feMul(x, x, SQRTM1);
  }
  if (feIsZero(x)) {
    if (sign) return false;
  } else if (feIsNegative(x) != sign) {
    feNeg(x, x);
    feCarry(x);
  }
  feMul(p + PT, x, y);
  return true;
}

// 32 bytes: y with the sign of x in bit 255. p in P2 or P3.
function encodePoint(s: usize, p: usize): void {
  feInvert(f0, p + PZ);
  feMul(f1, p + PX, f0);
  feMul(f2, p + PY, f0);
  feToBytes(s, f2);
  store<u8>(s, load<u8>(s, 31) | <u8>(feIsNegative(f1) << 7), 31);
}

// Odd multiples p, 3p, ..., 15p of p (P3) as cached points. Uses acc.
function oddMultiples(table: usize, p: usize): void {
  toCached(table, p);
  dbl(sum, p);
  toP3(tmp, sum);
  toCached(tmpCached, tmp);             // 2p
  memory.copy(acc, p, POINT);
  for (let i = 1; i < TABLE; i++) {
    addCached(sum, acc, tmpCached, false);
    toP3(acc, sum);
    toCached(table + <usize>i * POINT, acc);
  }
}

// [8]p is the identity: X = 0 (the only point with X = 0 and order dividing 8
// is the identity itself; (0, -1) has order 2 and is no [8]q).
function smallOrder(p: usize): bool {
  dbl(sum, p);
  toP2(acc, sum);
  dbl(sum, acc);
  toP2(acc, sum);
  dbl(sum, acc);
  toP2(acc, sum);
  return feIsZero(acc + PX);
}

function setup(): void {
  // d = -121665 / 121666
  feZero(f0); store<i64>(f0, 121666);
  feInvert(f1, f0);
  feZero(f0); store<i64>(f0, 121665);
  feNeg(f0, f0);
  feMul(D, f0, f1);
  feAdd(D2, D, D); feCarry(D2);
  // sqrt(-1) = 2^(2^253 - 5): 2^(2^252 - 3) squared, times 2.
  feZero(f0); store<i64>(f0, 2);
  fePow22523(f1, f0);
  feSq(f1, f1);
  feMul(SQRTM1, f1, f0);
  decodePoint(pointA, BASE_ENC);
  oddMultiples(baseTable, pointA);
  ready = true;
}

// ---- scalars --------------------------------------------------------------------

// S < L, S as 32 little-endian bytes.
function scalarCanonical(s: usize): bool {
  for (let i = 3; i >= 0; i--) {
    const a = load<u64>(s + (<usize>i << 3)), l = load<u64>(ORDER + (<usize>i << 3));
    if (a != l) return a < l;
  }
  return false;
}

// out (32 bytes) = the 64-byte little-endian number at h, mod L. Bit by bit
// (r = 2r + bit, minus L when r >= L): once per verification, a small part
// of its cost next to the point arithmetic.
function reduceModL(out: usize, h: usize): void {
  let r0: u64 = 0, r1: u64 = 0, r2: u64 = 0, r3: u64 = 0;
  const l0 = load<u64>(ORDER, 0), l1 = load<u64>(ORDER, 8), l2 = load<u64>(ORDER, 16), l3 = load<u64>(ORDER, 24);
  for (let i = 511; i >= 0; i--) {
    const bit = <u64>((load<u8>(h + (<usize>i >> 3)) >> (<u8>i & 7)) & 1);
    r3 = (r3 << 1) | (r2 >> 63);
    r2 = (r2 << 1) | (r1 >> 63);
    r1 = (r1 << 1) | (r0 >> 63);
    r0 = (r0 << 1) | bit;
    // r < 2L < 2^254, so one subtraction suffices.
    const ge = r3 != l3 ? r3 > l3 : r2 != l2 ? r2 > l2 : r1 != l1 ? r1 > l1 : r0 >= l0;
    if (ge) {
      const s0 = r0 - l0, b0 = <u64>(r0 < l0);
      const s1 = r1 - l1 - b0, b1 = <u64>(r1 < l1 || (r1 == l1 && b0 != 0));
      const s2 = r2 - l2 - b1, b2 = <u64>(r2 < l2 || (r2 == l2 && b1 != 0));
      r3 = r3 - l3 - b2; r2 = s2; r1 = s1; r0 = s0;
    }
  }
  store<u64>(out, r0, 0); store<u64>(out, r1, 8); store<u64>(out, r2, 16); store<u64>(out, r3, 24);
}

// Signed sliding-window digits of a 256-bit scalar (< 2^253): every digit 0
// or odd in [-15, 15], so each nonzero one picks an odd multiple from a table
// of 8; nonzero digits are at least 5 apart.
function slide(naf: usize, s: usize): void {
  for (let i: usize = 0; i < 256; i++) store<i8>(naf + i, <i8>((load<u8>(s + (i >> 3)) >> (<u8>i & 7)) & 1));
  for (let i: usize = 0; i < 256; i++) {
    let d = <i32>load<i8>(naf + i);
    if (d == 0) continue;
    for (let b: usize = 1; b <= 6 && i + b < 256; b++) {
      const e = <i32>load<i8>(naf + i + b);
      if (e == 0) continue;
      const add = e << <i32>b;
      if (d + add <= 15) {
        d += add;
        store<i8>(naf + i + b, 0);
      } else if (d - add >= -15) {
        d -= add;
        for (let k = i + b; k < 256; k++) {   // carry the add upwards
          if (load<i8>(naf + k) == 0) { store<i8>(naf + k, 1); break; }
          store<i8>(naf + k, 0);
        }
      } else break;
    }
    store<i8>(naf + i, <i8>d);
  }
}

// ---- verification -----------------------------------------------------------------

// RFC 8032 5.1.7: pub 32 bytes, sig 64 bytes (R, then S), msg msgLen bytes.
// 0 if the signature is valid, else one of the codes above.
export function ed25519Verify(pub: usize, msg: usize, msgLen: usize, sig: usize): i32 {
  if (!ready) setup();
  if (!decodePoint(pointA, pub)) return ED25519_BAD_PUBLIC_KEY;
  if (smallOrder(pointA)) return ED25519_SMALL_ORDER_KEY;
  if (!decodePoint(pointR, sig)) return ED25519_BAD_R;
  if (!scalarCanonical(sig + 32)) return ED25519_S_NOT_CANONICAL;

  // k = SHA-512(R || A || M) mod L
  sha512Init(hashState);
  sha512Update(hashState, sig, 32);
  sha512Update(hashState, pub, 32);
  sha512Update(hashState, msg, msgLen);
  sha512Finalize(hashState, digest);
  reduceModL(scalarK, digest);

  // [S]B - [k]A by one double-and-add over both digit strings.
  oddMultiples(keyTable, pointA);
  slide(nafS, sig + 32);
  slide(nafK, scalarK);
  let top = 255;
  while (top >= 0 && load<i8>(nafS + top) == 0 && load<i8>(nafK + top) == 0) top--;
  feZero(acc + PX); feOne(acc + PY); feOne(acc + PZ); feZero(acc + PT);
  for (let i = top; i >= 0; i--) {
    dbl(sum, acc);
    const ds = <i32>load<i8>(nafS + i), dk = <i32>load<i8>(nafK + i);
    if (ds != 0) {
      toP3(acc, sum);
      addCached(sum, acc, baseTable + <usize>((ds < 0 ? -ds : ds) >> 1) * POINT, ds < 0);
    }
    if (dk != 0) {
      toP3(acc, sum);
      addCached(sum, acc, keyTable + <usize>((dk < 0 ? -dk : dk) >> 1) * POINT, dk > 0); // minus k
    }
    toP2(acc, sum);
  }
  encodePoint(encoded, acc);
  return memory.compare(encoded, sig, 32) == 0 ? ED25519_OK : ED25519_BAD_SIGNATURE;
}
