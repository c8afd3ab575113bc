// Text on a console capability (slot 0 unless told): UTF-16 strings out as
// UTF-8, through a static buffer so printing in a loop allocates nothing;
// lines in with echo and backspace.
import { consoleWrite, consoleRead } from "./sys";
import { STDOUT, INIT_CONSOLE } from "../../abi/slots";

// Slot 0 is a program's stdout and init's console alike.
export const CONSOLE = STDOUT;
assert(CONSOLE == INIT_CONSOLE);
const OUT_SIZE: u32 = 256;
const out = memory.data(OUT_SIZE);
let outLen: u32 = 0;

function flush(slot: u32): void {
  let done: u32 = 0;
  while (done < outLen) {
    const r = consoleWrite(slot, out + done, outLen - done);
    if (r <= 0) break; // no console (or it broke): the text is dropped
    done += <u32>r;
  }
  outLen = 0;
}

function put(slot: u32, b: u32): void {
  if (outLen == OUT_SIZE) flush(slot);
  store<u8>(out + outLen++, <u8>b);
}

function encode(s: string, slot: u32): void {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = <u32>s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      const lo = <u32>s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // a lone surrogate
    if (c < 0x80) {
      put(slot, c);
      continue;
    }
    if (c < 0x800) put(slot, 0xc0 | (c >> 6));
    else {
      if (c < 0x10000) put(slot, 0xe0 | (c >> 12));
      else {
        put(slot, 0xf0 | (c >> 18));
        put(slot, 0x80 | ((c >> 12) & 0x3f));
      }
      put(slot, 0x80 | ((c >> 6) & 0x3f));
    }
    put(slot, 0x80 | (c & 0x3f));
  }
}

export function print(s: string, slot: u32 = CONSOLE): void {
  encode(s, slot);
  flush(slot);
}

// The line and its newline in one write (when it fits the buffer), so lines
// from several cells do not interleave.
export function println(s: string = "", slot: u32 = CONSOLE): void {
  encode(s, slot);
  put(slot, 10);
  flush(slot);
}

// One line from the console, without its end (CR, LF or CR LF). Backspace
// (BS or DEL) removes the last character; with echo, what is typed is
// written back. Lines longer than 1023 bytes are cut.
const LINE_MAX: u32 = 1024;
const line = memory.data(LINE_MAX);
const inByte = memory.data(1);
let lastWasCR = false;

export function readLine(slot: u32 = CONSOLE, echo: bool = true): string {
  let n: u32 = 0;
  while (true) {
    if (consoleRead(slot, inByte, 1) <= 0) break;
    const b = load<u8>(inByte);
    const afterCR = lastWasCR;
    lastWasCR = b == 13;
    if (b == 10 && afterCR) continue; // the LF of a CR LF
    if (b == 13 || b == 10) {
      if (echo) print("\n", slot);
      break;
    }
    if (b == 8 || b == 127) {
      if (n == 0) continue;
      while (n > 0 && (load<u8>(line + --n) & 0xc0) == 0x80) {} // a whole UTF-8 character
      if (echo) print("\b \b", slot);
      continue;
    }
    if (n < LINE_MAX - 1) store<u8>(line + n++, b);
    if (echo) consoleWrite(slot, inByte, 1);
  }
  return String.UTF8.decodeUnsafe(line, n);
}
