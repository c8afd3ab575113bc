// BLAKE3 (the BLAKE3 paper and its reference specification): plain hash, keyed
// hash, derive_key, output of any length (XOF), the chunk tree for inputs of
// any size, incremental.
//
// Everything works on raw linear-memory pointers. A hasher's state is one
// unmanaged-layout byte block (layout below); `Blake3` wraps one in a
// StaticArray so the collector frees it, and the one-shot functions use a
// static state instead and allocate nothing. The one-shot functions and
// `finalize` share static scratch, so they are not reentrant: the kernel calls
// them under its one lock (never from an interrupt handler that could
// interrupt another call).

// Flags (domain separation), from the specification.
@inline const CHUNK_START: u32 = 1;
@inline const CHUNK_END: u32 = 2;
@inline const PARENT: u32 = 4;
@inline const ROOT: u32 = 8;
@inline const KEYED_HASH: u32 = 16;
@inline const DERIVE_KEY_CONTEXT: u32 = 32;
@inline const DERIVE_KEY_MATERIAL: u32 = 64;

@inline const BLOCK: u32 = 64;
@inline const CHUNK: u32 = 1024;
@inline const MAX_DEPTH: u32 = 54; // 2^54 chunks is 2^64 bytes

// The state block: key words, the current chunk's chaining value, the
// partial block, counters, then the stack of subtree chaining values.
@inline const S_KEY: usize = 0;          // 8 words
@inline const S_CV: usize = 32;          // 8 words
@inline const S_BUF: usize = 64;         // 64 bytes
@inline const S_CHUNK: usize = 128;      // u64 chunk counter
@inline const S_BUFLEN: usize = 136;     // u32 bytes in S_BUF
@inline const S_BLOCKS: usize = 140;     // u32 blocks compressed in this chunk
@inline const S_FLAGS: usize = 144;      // u32 base flags
@inline const S_DEPTH: usize = 148;      // u32 entries on the stack
@inline const S_STACK: usize = 160;      // MAX_DEPTH x 32 bytes
@inline export const BLAKE3_STATE_BYTES: i32 = 160 + MAX_DEPTH * 32;

// The initial chaining value (the IV), little-endian words.
const IV = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const oneShot = memory.data(BLAKE3_STATE_BYTES); // the one-shot functions' state
const outCv = memory.data(32);                    // finalize: the root output's input CV
const outBlock = memory.data(64);                 // ... and its block
const words = memory.data(64);                    // a compression's 16 output words
const contextKey = memory.data(32);               // derive_key: the context's key

// The compression function: cv (8 words) and block (16 words) in, 16 words to
// `out`. Out words 0..7 are the new chaining value; all 16 are XOF output.
// `out` may equal `cv`.
function compress(cv: usize, block: usize, counter: u64, blockLen: u32, flags: u32, out: usize): void {
  let m0 = load<u32>(block, 0), m1 = load<u32>(block, 4), m2 = load<u32>(block, 8), m3 = load<u32>(block, 12);
  let m4 = load<u32>(block, 16), m5 = load<u32>(block, 20), m6 = load<u32>(block, 24), m7 = load<u32>(block, 28);
  let m8 = load<u32>(block, 32), m9 = load<u32>(block, 36), m10 = load<u32>(block, 40), m11 = load<u32>(block, 44);
  let m12 = load<u32>(block, 48), m13 = load<u32>(block, 52), m14 = load<u32>(block, 56), m15 = load<u32>(block, 60);
  const c0 = load<u32>(cv, 0), c1 = load<u32>(cv, 4), c2 = load<u32>(cv, 8), c3 = load<u32>(cv, 12);
  const c4 = load<u32>(cv, 16), c5 = load<u32>(cv, 20), c6 = load<u32>(cv, 24), c7 = load<u32>(cv, 28);
  let v0 = c0, v1 = c1, v2 = c2, v3 = c3, v4 = c4, v5 = c5, v6 = c6, v7 = c7;
  let v8: u32 = 0x6a09e667, v9: u32 = 0xbb67ae85, v10: u32 = 0x3c6ef372, v11: u32 = 0xa54ff53a;
  let v12 = <u32>counter, v13 = <u32>(counter >> 32), v14 = blockLen, v15 = flags;
  for (let r = 0; r < 7; r++) {
    // Columns, then diagonals: G(a, b, c, d, m[2i], m[2i+1]) written out.
    v0 = v0 + v4 + m0; v12 = rotr<u32>(v12 ^ v0, 16);
    v8 = v8 + v12; v4 = rotr<u32>(v4 ^ v8, 12);
    v0 = v0 + v4 + m1; v12 = rotr<u32>(v12 ^ v0, 8);
    v8 = v8 + v12; v4 = rotr<u32>(v4 ^ v8, 7);
    v1 = v1 + v5 + m2; v13 = rotr<u32>(v13 ^ v1, 16);
    v9 = v9 + v13; v5 = rotr<u32>(v5 ^ v9, 12);
    v1 = v1 + v5 + m3; v13 = rotr<u32>(v13 ^ v1, 8);
    v9 = v9 + v13; v5 = rotr<u32>(v5 ^ v9, 7);
    v2 = v2 + v6 + m4; v14 = rotr<u32>(v14 ^ v2, 16);
    v10 = v10 + v14; v6 = rotr<u32>(v6 ^ v10, 12);
    v2 = v2 + v6 + m5; v14 = rotr<u32>(v14 ^ v2, 8);
    v10 = v10 + v14; v6 = rotr<u32>(v6 ^ v10, 7);
    v3 = v3 + v7 + m6; v15 = rotr<u32>(v15 ^ v3, 16);
    v11 = v11 + v15; v7 = rotr<u32>(v7 ^ v11, 12);
    v3 = v3 + v7 + m7; v15 = rotr<u32>(v15 ^ v3, 8);
    v11 = v11 + v15; v7 = rotr<u32>(v7 ^ v11, 7);
    v0 = v0 + v5 + m8; v15 = rotr<u32>(v15 ^ v0, 16);
    v10 = v10 + v15; v5 = rotr<u32>(v5 ^ v10, 12);
    v0 = v0 + v5 + m9; v15 = rotr<u32>(v15 ^ v0, 8);
    v10 = v10 + v15; v5 = rotr<u32>(v5 ^ v10, 7);
    v1 = v1 + v6 + m10; v12 = rotr<u32>(v12 ^ v1, 16);
    v11 = v11 + v12; v6 = rotr<u32>(v6 ^ v11, 12);
    v1 = v1 + v6 + m11; v12 = rotr<u32>(v12 ^ v1, 8);
    v11 = v11 + v12; v6 = rotr<u32>(v6 ^ v11, 7);
    v2 = v2 + v7 + m12; v13 = rotr<u32>(v13 ^ v2, 16);
    v8 = v8 + v13; v7 = rotr<u32>(v7 ^ v8, 12);
    v2 = v2 + v7 + m13; v13 = rotr<u32>(v13 ^ v2, 8);
    v8 = v8 + v13; v7 = rotr<u32>(v7 ^ v8, 7);
    v3 = v3 + v4 + m14; v14 = rotr<u32>(v14 ^ v3, 16);
    v9 = v9 + v14; v4 = rotr<u32>(v4 ^ v9, 12);
    v3 = v3 + v4 + m15; v14 = rotr<u32>(v14 ^ v3, 8);
    v9 = v9 + v14; v4 = rotr<u32>(v4 ^ v9, 7);
    // The message permutation (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8).
    const t0 = m0, t1 = m1, t2 = m2, t3 = m3, t4 = m4, t5 = m5, t6 = m6, t7 = m7;
    const t8 = m8, t9 = m9, t10 = m10, t11 = m11, t12 = m12, t13 = m13, t14 = m14, t15 = m15;
    m0 = t2; m1 = t6; m2 = t3; m3 = t10; m4 = t7; m5 = t0; m6 = t4; m7 = t13;
    m8 = t1; m9 = t11; m10 = t12; m11 = t5; m12 = t9; m13 = t14; m14 = t15; m15 = t8;
  }
  store<u32>(out, v8 ^ c0, 32); store<u32>(out, v9 ^ c1, 36);
  store<u32>(out, v10 ^ c2, 40); store<u32>(out, v11 ^ c3, 44);
  store<u32>(out, v12 ^ c4, 48); store<u32>(out, v13 ^ c5, 52);
  store<u32>(out, v14 ^ c6, 56); store<u32>(out, v15 ^ c7, 60);
  store<u32>(out, v0 ^ v8, 0); store<u32>(out, v1 ^ v9, 4);
  store<u32>(out, v2 ^ v10, 8); store<u32>(out, v3 ^ v11, 12);
  store<u32>(out, v4 ^ v12, 16); store<u32>(out, v5 ^ v13, 20);
  store<u32>(out, v6 ^ v14, 24); store<u32>(out, v7 ^ v15, 28);
}

// Compress into a chaining value: the first 8 output words to `cv`.
@inline function compressCv(cv: usize, block: usize, counter: u64, blockLen: u32, flags: u32): void {
  compress(cv, block, counter, blockLen, flags, words);
  memory.copy(cv, words, 32);
}

// ---- the state, over a pointer ------------------------------------------------

// Set up a state: key (8 words) and base flags.
export function blake3Init(st: usize, key: usize, flags: u32): void {
  memory.copy(st + S_KEY, key, 32);
  memory.copy(st + S_CV, key, 32);
  store<u64>(st + S_CHUNK, 0);
  store<u32>(st + S_BUFLEN, 0);
  store<u32>(st + S_BLOCKS, 0);
  store<u32>(st + S_FLAGS, flags);
  store<u32>(st + S_DEPTH, 0);
}

// The current chunk is complete (1024 bytes, its last block still in S_BUF)
// and more input follows: finish it, push its chaining value and merge
// subtrees. After `total` chunks, as many merges as trailing zero bits.
function finishChunk(st: usize): void {
  const flags = load<u32>(st + S_FLAGS);
  const chunk = load<u64>(st + S_CHUNK);
  const start = load<u32>(st + S_BLOCKS) == 0 ? CHUNK_START : 0;
  const cv = st + S_CV;
  compressCv(cv, st + S_BUF, chunk, BLOCK, flags | start | CHUNK_END);
  let depth = load<u32>(st + S_DEPTH);
  let total = chunk + 1;
  // Merge while the chunk count's low bit is 0: a left sibling is complete.
  while ((total & 1) == 0) {
    depth--;
    const left = st + S_STACK + (<usize>depth << 5);
    // Parent block = left CV || right CV, compressed with the key.
    memory.copy(outBlock, left, 32);
    memory.copy(outBlock + 32, cv, 32);
    memory.copy(cv, st + S_KEY, 32);
    compressCv(cv, outBlock, 0, BLOCK, flags | PARENT);
    total >>= 1;
  }
  memory.copy(st + S_STACK + (<usize>depth << 5), cv, 32);
  store<u32>(st + S_DEPTH, depth + 1);
  // A new chunk.
  memory.copy(cv, st + S_KEY, 32);
  store<u64>(st + S_CHUNK, chunk + 1);
  store<u32>(st + S_BLOCKS, 0);
  store<u32>(st + S_BUFLEN, 0);
}

// Absorb `len` bytes at `ptr`. The last block seen is always kept in S_BUF
// (uncompressed), because only at the end is it known whether it ends the
// chunk or the input.
export function blake3Update(st: usize, ptr: usize, len: usize): void {
  const flags = load<u32>(st + S_FLAGS);
  while (len > 0) {
    let bufLen = load<u32>(st + S_BUFLEN);
    let blocks = load<u32>(st + S_BLOCKS);
    if (bufLen == BLOCK) {
      // A full block waits and more input has come: compress it.
      if (blocks == CHUNK / BLOCK - 1) { finishChunk(st); continue; }
      compressCv(st + S_CV, st + S_BUF, load<u64>(st + S_CHUNK), BLOCK, flags | (blocks == 0 ? CHUNK_START : 0));
      store<u32>(st + S_BLOCKS, ++blocks);
      store<u32>(st + S_BUFLEN, bufLen = 0);
    }
    if (bufLen == 0) {
      // Whole blocks straight from the input, all but one that could be last
      // (of the chunk or of the input).
      const counter = load<u64>(st + S_CHUNK);
      const cv = st + S_CV;
      while (len > BLOCK && blocks < CHUNK / BLOCK - 1) {
        compressCv(cv, ptr, counter, BLOCK, flags | (blocks == 0 ? CHUNK_START : 0));
        blocks++;
        ptr += BLOCK;
        len -= BLOCK;
      }
      store<u32>(st + S_BLOCKS, blocks);
    }
    const take = min<usize>(len, BLOCK - bufLen);
    memory.copy(st + S_BUF + bufLen, ptr, take);
    store<u32>(st + S_BUFLEN, bufLen + <u32>take);
    ptr += take;
    len -= take;
  }
}

// Write `outLen` bytes of output to `out`. The state is left as it was, so
// more input may follow and finalize be called again.
export function blake3Finalize(st: usize, out: usize, outLen: usize): void {
  const flags = load<u32>(st + S_FLAGS);
  const bufLen = load<u32>(st + S_BUFLEN);
  // The current chunk's output: its CV, its last (zero-padded) block.
  memory.copy(outCv, st + S_CV, 32);
  memory.fill(outBlock, 0, 64);
  memory.copy(outBlock, st + S_BUF, bufLen);
  let counter = load<u64>(st + S_CHUNK);
  let blockLen = bufLen;
  let outFlags = flags | CHUNK_END | (load<u32>(st + S_BLOCKS) == 0 ? CHUNK_START : 0);
  // Fold in the stack from the top: each is a parent of a stack entry and
  // the output so far.
  let depth = load<u32>(st + S_DEPTH);
  while (depth > 0) {
    depth--;
    compress(outCv, outBlock, counter, blockLen, outFlags, words);
    memory.copy(outBlock, st + S_STACK + (<usize>depth << 5), 32);
    memory.copy(outBlock + 32, words, 32);
    memory.copy(outCv, st + S_KEY, 32);
    counter = 0;
    blockLen = BLOCK;
    outFlags = flags | PARENT;
  }
  // The root: each output block counter gives 64 more bytes.
  let block: u64 = 0;
  while (outLen > 0) {
    compress(outCv, outBlock, block, blockLen, outFlags | ROOT, words);
    const n = min<usize>(outLen, 64);
    memory.copy(out, words, n);
    out += n;
    outLen -= n;
    block++;
  }
}

// Derive-key setup: the context string hashed in DERIVE_KEY_CONTEXT mode
// gives the key for DERIVE_KEY_MATERIAL mode.
export function blake3InitDeriveKey(st: usize, ctx: usize, ctxLen: usize): void {
  blake3Init(st, IV, DERIVE_KEY_CONTEXT);
  blake3Update(st, ctx, ctxLen);
  blake3Finalize(st, contextKey, 32);
  blake3Init(st, contextKey, DERIVE_KEY_MATERIAL);
}

// ---- the API -----------------------------------------------------------------

// An incremental hasher. Its state lives in a StaticArray the collector owns;
// update() and finalize() allocate nothing.
export class Blake3 {
  private state: StaticArray<u8> = new StaticArray<u8>(BLAKE3_STATE_BYTES);

  @inline private get st(): usize { return changetype<usize>(this.state); }

  static newHash(): Blake3 {
    const h = new Blake3();
    blake3Init(h.st, IV, 0);
    return h;
  }

  // key: 32 bytes.
  static newKeyed(key: usize): Blake3 {
    const h = new Blake3();
    blake3Init(h.st, key, KEYED_HASH);
    return h;
  }

  // ctx: the context string, ctxLen bytes (the specification asks for a
  // hard-coded, globally unique, application-specific string).
  static newDeriveKey(ctx: usize, ctxLen: usize): Blake3 {
    const h = new Blake3();
    blake3InitDeriveKey(h.st, ctx, ctxLen);
    return h;
  }

  update(ptr: usize, len: usize): void { blake3Update(this.st, ptr, len); }

  // Any length; the first 32 bytes are the ordinary hash.
  finalize(out: usize, outLen: usize): void { blake3Finalize(this.st, out, outLen); }
}

// BLAKE3 of len bytes at ptr: 32 bytes to out. Uses static state.
export function blake3(ptr: usize, len: usize, out: usize): void {
  blake3Init(oneShot, IV, 0);
  blake3Update(oneShot, ptr, len);
  blake3Finalize(oneShot, out, 32);
}

// Keyed BLAKE3 (key: 32 bytes): 32 bytes to out. Uses static state.
export function blake3Keyed(key: usize, ptr: usize, len: usize, out: usize): void {
  blake3Init(oneShot, key, KEYED_HASH);
  blake3Update(oneShot, ptr, len);
  blake3Finalize(oneShot, out, 32);
}
