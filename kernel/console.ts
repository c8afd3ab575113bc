// The kernel console: text out through whichever UART the boot info named
// (the architecture's entry picks the driver). Strings are AssemblyScript's
// UTF-16; anything outside ASCII prints as '?'.
import { Uart, NoUart } from "../drivers/uart/uart";

export let console: Uart = new NoUart();

export function setConsole(u: Uart): void {
  console = u;
}

export function putc(c: u32): void {
  if (c == 10) console.putc(13);
  console.putc(c);
}

export function print(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = <u32>s.charCodeAt(i);
    putc(c < 128 ? c : 63);
  }
}

export function println(s: string): void {
  print(s);
  putc(10);
}

const DIGITS = "0123456789abcdef";

export function hex(v: u64, minDigits: i32 = 1): string {
  let s = "";
  let n = 0;
  do {
    s = DIGITS.charAt(<i32>(v & 15)) + s;
    v >>= 4;
    n++;
  } while (v != 0 || n < minDigits);
  return "0x" + s;
}

export function dec(v: u64): string {
  let s = "";
  do {
    s = DIGITS.charAt(<i32>(v % 10)) + s;
    v /= 10;
  } while (v != 0);
  return s;
}

// 1536 -> "1.5 KiB"; exact bytes are printed beside it where they matter.
export function size(bytes: u64): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let u = 0;
  let whole = bytes;
  let tenth: u64 = 0;
  while (whole >= 1024 && u < units.length - 1) {
    tenth = ((whole % 1024) * 10) / 1024;
    whole /= 1024;
    u++;
  }
  return u == 0 ? dec(whole) + " B" : dec(whole) + "." + dec(tenth) + " " + units[u];
}
