// Byte helpers for the trust code: a bounds-checked reader over a boot module
// (which sits outside the TS linear memory, reached by copying through the
// HAL), little-endian field access in linear memory, hex and names.
import { copyIn } from "../../hal/memory";
import { Blake3 } from "../crypto/blake3";

const CHUNK: u32 = 65536;

// A window on a range of kernel virtual memory outside the linear memory (a
// boot module, or the kernel's own sections for its measurement). Every read
// is checked against the range's size before the HAL copies anything.
export class ModuleReader {
  constructor(
    public base: u64,
    public size: u64,
  ) {}

  // Copy `len` bytes at `off` into linear memory at `dst`; false if any of
  // them lies past the module's end.
  read(off: u64, dst: usize, len: u32): bool {
    if (off > this.size || <u64>len > this.size - off) return false;
    if (len > 0) copyIn(dst, this.base + off, len);
    return true;
  }

  // Feed [off, off + len) to `h` a chunk at a time, so no range is ever
  // copied whole; false if any of it lies past the module's end.
  hashRange(h: Blake3, off: u64, len: u64): bool {
    if (off > this.size || len > this.size - off) return false;
    const chunk = bytes(<i32>CHUNK);
    for (let done: u64 = 0; done < len;) {
      const n = <u32>min<u64>(<u64>CHUNK, len - done);
      this.read(off + done, ptr(chunk), n);
      h.update(ptr(chunk), n);
      done += n;
    }
    return true;
  }
}

// A fresh managed buffer of `len` bytes; its data pointer is changetype<usize>.
@inline export function bytes(len: i32): StaticArray<u8> {
  return new StaticArray<u8>(len);
}
@inline export function ptr(b: StaticArray<u8>): usize {
  return changetype<usize>(b);
}

@inline export function u16At(p: usize, off: u32): u32 {
  return <u32>load<u16>(p + off);
}
@inline export function u32At(p: usize, off: u32): u32 {
  return load<u32>(p + off);
}
@inline export function u64At(p: usize, off: u32): u64 {
  return load<u64>(p + off);
}

// The 4-byte magic at p, compared with an ASCII string.
export function magicIs(p: usize, magic: string): bool {
  for (let i = 0; i < 4; i++) if (<u32>load<u8>(p + i) != <u32>magic.charCodeAt(i)) return false;
  return true;
}

const HEX = "0123456789abcdef";

export function hexOf(p: usize, len: u32): string {
  let s = "";
  for (let i: u32 = 0; i < len; i++) {
    const b = <i32>load<u8>(p + i);
    s += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return s;
}

export function equalBytes(a: usize, b: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

export function isZero(p: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(p + i) != 0) return false;
  return true;
}

// Write an ASCII string's bytes at p (for the signed messages' contexts).
export function putAscii(p: usize, s: string): void {
  for (let i = 0; i < s.length; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
}

// The naming rule of docs/formats.md: 1 to 63 bytes of a-z 0-9 . _ -,
// starting with a letter or digit. Returns the name, or null if it breaks it.
export function nameAt(p: usize, len: u32): string | null {
  if (len < 1 || len > 63) return null;
  let s = "";
  for (let i: u32 = 0; i < len; i++) {
    const c = <u32>load<u8>(p + i);
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (!alnum && (i == 0 || (c != 46 && c != 95 && c != 45))) return null;
    s += String.fromCharCode(c);
  }
  return s;
}
