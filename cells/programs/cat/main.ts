// cat: the initrd files named in its arguments (file_read on slot 4), one
// after another, on stdout; with none, stdin copied to stdout.
import * as sys from "../../lib/sys";
import { writeBytes, outln, close, readChunk, cellArgs } from "../../lib/stdio";

const INITRD = sys.INITRD;
const BUF: u32 = 4096;
const buf = memory.data(BUF);

// 0, or 1 when the file could not be read (said on stdout: there is no stderr).
function catFile(name: string): i32 {
  let off: u64 = 0;
  while (true) {
    const n = sys.fileRead(INITRD, name, off, buf, BUF);
    if (n == 0) return 0;
    if (n < 0) {
      outln("cat: " + name + ": " + (n == sys.E_NOENT ? "no such file" : sys.errorName(n)));
      return 1;
    }
    writeBytes(buf, <usize>n);
    off += <u64>n;
  }
}

export function main(): void {
  const names = cellArgs();
  let status = 0;
  if (names.length == 0) {
    for (let c = readChunk(); c !== null; c = readChunk()) writeBytes(c.dataStart, c.length);
  }
  for (let i = 0; i < names.length; i++) status |= catFile(names[i]);
  close();
  if (status != 0) sys.exit(status);
}
